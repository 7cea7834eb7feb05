"""Routing rules (工单流转规则): conditions on a new ticket, actions that set where it goes and
how urgent it is, and whether it may be dispatched without a person. Pure rules: no I/O."""
