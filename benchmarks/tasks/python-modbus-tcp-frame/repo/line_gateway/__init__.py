"""Line gateway: polls the filling line's PLCs over Modbus TCP."""
