"""The supervisors' live board: a wall screen of the desk, live from the change feed."""
