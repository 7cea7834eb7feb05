"""Auto-dispatch: for a ticket whose rule allows it, the top candidate of the ranking gets the job
when the ranking is clear enough; otherwise a person decides, with the ranking attached. Either
way the decision says why, in words the timeline can show."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..candidates import Candidate

MAX_SCORE_MINUTES = 60.0  # the best candidate arrives (all penalties included) within an hour
MIN_SLACK_MINUTES = 0.0  # and in time for the arrival deadline
SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class AutoDispatchPolicy:
    max_score_minutes: float = MAX_SCORE_MINUTES
    min_slack_minutes: float = MIN_SLACK_MINUTES


@dataclass(slots=True)
class DispatchDecision:
    technician_id: int | None  # None: left for a person
    reason: str  # why, for the timeline (English; the console shows its own words by `code`)
    # assigned | no_candidate | no_slot | score_too_high | late | all_declined
    code: str
    suggestions: list[tuple[int, str, float]] = field(default_factory=list)  # id, name, score


def decide(
    candidates: list[Candidate], declined: set[int], policy: AutoDispatchPolicy | None = None
) -> DispatchDecision:
    """`candidates` best first (the ranking's order); `declined`: technicians who turned this
    job down already, never offered it again."""
    policy = policy or AutoDispatchPolicy()
    offered = [c for c in candidates if c.technician_id not in declined]
    suggestions = [(c.technician_id, c.name, round(c.score, 1)) for c in offered[:SUGGESTIONS]]
    if not offered:
        code = "all_declined" if candidates else "no_candidate"
        why = (
            "every suitable technician has declined this job"
            if candidates
            else "no technician is free, skilled and in reach"
        )
        return DispatchDecision(None, why, code, suggestions)
    best = offered[0]
    if best.score > policy.max_score_minutes:
        return DispatchDecision(
            None,
            f"the best candidate, {best.name}, scores {best.score:.0f} min "
            f"(auto-dispatch needs {policy.max_score_minutes:.0f} or less)",
            "score_too_high",
            suggestions,
        )
    if best.slack_minutes is not None and best.slack_minutes < policy.min_slack_minutes:
        return DispatchDecision(
            None,
            f"{best.name} would arrive {-best.slack_minutes:.0f} min after the deadline",
            "late",
            suggestions,
        )
    return DispatchDecision(
        best.technician_id,
        f"{best.name} is the best candidate: about {best.eta_minutes:.0f} min away, "
        f"{best.open_jobs} open job(s), score {best.score:.0f}",
        "assigned",
        suggestions,
    )


def nobody_in_window(no_slot: int, window: str) -> DispatchDecision:
    """Nobody suitable has a feasible slot in the window: a person must move the window or
    someone's day, not a technician sent blindly."""
    return DispatchDecision(
        None,
        f"nobody can make the window ({window}): {no_slot} suitable technician(s) have no "
        "free time in it",
        "no_slot",
    )
