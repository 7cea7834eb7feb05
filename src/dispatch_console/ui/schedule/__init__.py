"""The dispatch board (issue 25): a Gantt of technicians' days, fed by domain values
(`TechnicianDay`, `ScheduleBoard`) and emitting what the dispatcher asked for; the controller
that turns its signals into booking use cases is wired elsewhere.

- `cards`: what a bar or a list entry shows about its ticket (`JobCard`), and its state;
- `words`: conflicts and states in words, the colours;
- `geometry`: rows, time and pixels, hit tests (no painting);
- `canvas`: the painted Gantt (only the visible rows and hours), mouse and keyboard;
- `navigation`: where the arrow keys lead; `mime`: a job carried by drag and drop;
- `paint`: how one frame is drawn, from `tiles` (painted rows kept while still true);
- `ui/none_guard.py` (shared): PySide6 6.12 on Python 3.11 loses a reference to None per
  void call; each frame gives them back;
- `unscheduled`: the list of jobs not yet on anyone's day;
- `chooser`: the keyboard's way to place a job (earliest slots first);
- `board`: the panel that puts them together and is the API the feed calls.
"""
