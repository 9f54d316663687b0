"""Alarm statistics from the line 3 HMI's alarm log exports."""
