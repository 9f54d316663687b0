"""agent/cli"""
