"""Reading a plan: its lines as the chat shows them, and the PDF in two languages."""

from __future__ import annotations

from flows.model import Person
from flows.output import PlanSheet, Say
from flows.path_model import PlanVersion
from flows.text import N_, Lines, Msg, msg, numbered, own_words


def plan_lines(plan: PlanVersion) -> tuple[Msg, ...]:
    """The plan as paragraphs: version and state, goal, numbered steps, commitment."""
    if plan.approved_at is not None:
        state = msg(
            N_("approved on {day} by {who}"), day=plan.approved_at, who=own_words(plan.approved_by)
        )
    elif plan.confirmed_at is not None:
        state = msg(N_("confirmed, waiting for the home district's approval"))
    else:
        state = msg(N_("not confirmed yet"))
    steps = tuple(
        numbered(n, msg("{words}", words=own_words(s))) for n, s in enumerate(plan.steps, 1)
    )
    return (
        msg(N_("Action plan, version {version} ({state})"), version=plan.version, state=state),
        msg(N_("Goal: {goal}"), goal=own_words(plan.goal)),
        msg(N_("Steps:\n{steps}"), steps=Lines(steps)),
        msg(N_("I commit to: {commitment}"), commitment=own_words(plan.commitment)),
    )


def plan_sheets(
    chat_id: int, reader_locale: str, person: Person, plan: PlanVersion, first_locale: str
) -> tuple[Say, ...]:
    """The plan as a PDF in the reader's language and one in Swedish (for the district)."""
    out = []
    for locale in dict.fromkeys((first_locale, "sv")):
        sheet = PlanSheet(plan, person.display_name, locale, f"plan-{plan.version}-{locale}.pdf")
        text = msg(N_("The action plan, version {version}, as a PDF."), version=plan.version)
        out.append(Say(chat_id, reader_locale, (text,), printable=sheet))
    return tuple(out)
