"""What every program of ours shares at run time, below every other layer (standard library
only): one logging set-up (logs.py, logmask.py) and the supervisor that keeps long-lived loops
alive and says when one died (supervise.py)."""
