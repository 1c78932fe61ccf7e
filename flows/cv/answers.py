"""Written answers read as the CV stores them: names with letters, phone numbers and
e-mail addresses checked, months and years as people type them; or why an answer cannot be
taken (the question then waits, and nothing already given is lost)."""

from __future__ import annotations

from flows.cv.periods import before, in_future, typed_period
from flows.cv.ports import CvPorts
from flows.cv.questions import Question, Reads
from flows.cv_model import NOW, CvRecord, Section
from flows.routes import Ctx
from flows.text import N_, Msg, Verbatim, msg

# "Now" in the offered languages (and Swedish), for a period still going on.
NOW_WORDS = ("now", "nu", "الآن", "اکنون", "حالا", "hadda", "ሕጂ", "зараз", "тепер")


def read_answer(
    ctx: Ctx[CvPorts], record: CvRecord, q: Question, text: str
) -> tuple[str, Msg | None]:
    """The stored value of a written answer, or why it cannot be taken."""
    cfg = ctx.cfg
    if q.reads is Reads.NAME and not any(c.isalpha() for c in text):
        return "", msg(N_("A name needs letters. Please write it again."))
    if q.reads is Reads.PHONE:
        number = (
            cfg.phone(text)
            if cfg.phone
            else (text if sum(c.isdigit() for c in text) >= 6 else None)
        )
        if number is None:
            return "", msg(
                N_("That does not look like a phone number. Write it like 070-123 45 67.")
            )
        return number, None
    if q.reads is Reads.EMAIL:
        address = cfg.email(text) if cfg.email else (text if "@" in text else None)
        if address is None:
            return "", msg(
                N_("That does not look like an e-mail address. It has an @, like name@example.se.")
            )
        return address, None
    if q.reads in (Reads.START, Reads.END):
        months = cfg.months(ctx.locale) if cfg.months else {}
        words = {
            *NOW_WORDS,
            *([cfg.translate("now", ctx.locale).casefold()] if cfg.translate else []),
        }
        period = typed_period(text, ctx.now.date(), months, words if q.reads is Reads.END else ())
        if period is None:
            return "", msg(N_("Please write a year like 2019, or a month like 03/2019."))
        # A course can end later than today (its planned end); nothing else can.
        planned_end = q.section is Section.SCHOOLS and q.reads is Reads.END
        if in_future(period, ctx.now.date()) and not planned_end:
            return "", msg(N_("That is still to come. Please write when it was."))
        start = str(record.walk.get("entry", {}).get("start", ""))
        if q.reads is Reads.END and before(period, start):
            return "", msg(
                N_("That is before the start ({start}). Please write when it ended."),
                start=shown_period(start),
            )
        return period, None
    return text, None


def shown_period(value: str) -> Msg | Verbatim:
    """A stored month or year as people write it ("03/2019", "2019", "now")."""
    if value == NOW:
        return msg(N_("now"))
    year, _, month = value.partition("-")
    return Verbatim(f"{month}/{year}" if month else year)
