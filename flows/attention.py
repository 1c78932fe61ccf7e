"""A staff member's attention: quiet hours and working days, and alerts that respect them.

Urgent alerts (an employer's concern, an absence today, a participant asking for contact)
go at once, except inside the person's quiet hours or on a day off they set: then they wait
for the next working morning. Alerts raised close together are gathered by the shell into
one message (`Say.alert`). The daily digest goes on working days (Monday to Friday unless
the person chose others).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flows.model import Person
from flows.output import Button, Retention, Say
from flows.ports import People
from flows.text import Msg

WEEKDAYS = (0, 1, 2, 3, 4)
# The quiet hours a coach can pick (from, until); None: alerts at any hour.
QUIET_CHOICES: tuple[tuple[time, time] | None, ...] = (
    None,
    (time(17, 0), time(8, 0)),
    (time(18, 0), time(7, 0)),
    (time(20, 0), time(7, 0)),
)


@dataclass(frozen=True)
class Attention:
    """When a staff member wants to be reached: quiet hours (local) and working days."""

    quiet: tuple[time, time] | None = None
    # ISO weekdays from 0 = Monday; None: not chosen (digests Monday to Friday, alerts any day).
    days: tuple[int, ...] | None = None

    @property
    def working_days(self) -> tuple[int, ...]:
        """The days the digest comes (and, when chosen, alerts)."""
        return self.days if self.days is not None else WEEKDAYS

    def settings(self) -> dict[str, Any]:
        """Return the stored form (`Person.settings`)."""
        stored: dict[str, Any] = {}
        if self.quiet is not None:
            stored["quiet"] = [self.quiet[0].strftime("%H:%M"), self.quiet[1].strftime("%H:%M")]
        if self.days is not None:
            stored["days"] = list(self.days)
        return stored

    def is_quiet(self, local: datetime) -> bool:
        """Say whether a local moment falls in the quiet hours or on a chosen day off."""
        if self.days is not None and local.weekday() not in self.days:
            return True
        if self.quiet is None:
            return False
        start, end = self.quiet
        now = local.time()
        return start <= now or now < end if start > end else start <= now < end

    def awake_at(self, now: datetime, zone: ZoneInfo) -> datetime:
        """Return the first moment from `now` outside quiet hours and days off (quiet hours
        end on a quarter hour; a week of days off leaves `now`)."""
        local = now.astimezone(zone)
        if not self.is_quiet(local):
            return now
        step = local.replace(minute=local.minute // 15 * 15, second=0, microsecond=0)
        for _ in range(8 * 24 * 4):
            step = (step + timedelta(minutes=15)).astimezone(zone)
            if not self.is_quiet(step):
                return step.astimezone(now.tzinfo)
        return now


def attention(settings: Mapping[str, Any]) -> Attention:
    """Read a person's settings; anything malformed counts as not chosen."""
    quiet = None
    raw = settings.get("quiet")
    if isinstance(raw, list) and len(raw) == 2:
        try:
            quiet = (time.fromisoformat(str(raw[0])), time.fromisoformat(str(raw[1])))
        except ValueError:
            quiet = None
    days = settings.get("days")
    chosen = None
    if isinstance(days, list) and all(isinstance(d, int) and 0 <= d <= 6 for d in days):
        chosen = tuple(sorted(set(days)))
    return Attention(quiet, chosen)


async def alert(
    people: People,
    staff: Person,
    now: datetime,
    body: tuple[Msg, ...],
    *,
    buttons: tuple[tuple[Button, ...], ...] = (),
    key: str | None = None,
    retention: Retention | None = None,
) -> Say:
    """An urgent alert to a staff member: gathered with others, held through quiet hours."""
    assert staff.chat_id is not None
    due = None
    wants = attention(staff.settings)
    if wants.quiet is not None or wants.days is not None:
        zone = ZoneInfo((await people.unit(staff.unit_id)).timezone)
        awake = wants.awake_at(now, zone)
        due = awake if awake > now else None
    return Say(
        staff.chat_id,
        staff.locale,
        body,
        buttons=buttons,
        key=key,
        due_at=due,
        retention=retention,
        alert=True,
    )
