"""OPC UA server for the line 3 PLC tags."""
