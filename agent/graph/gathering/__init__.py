"""The context a run starts from: what the task names, the ST slice, the ranked map."""
