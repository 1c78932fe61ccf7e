"""The unit of work of one transaction: inbox, conversations, outbox writes, the ports."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.model import Person
from flows.ports import Conversation, Ports
from storage.access import SqlAccess
from storage.attendance import SqlAttendance
from storage.cvs import SqlCvs
from storage.models import (
    AuditRow,
    ConversationRow,
    InboxRow,
    OutboxMessageRow,
    PersonRow,
    utcnow,
)
from storage.outbox import OutboxRow, OutgoingItem
from storage.paths import SqlPaths
from storage.people import SqlInvites, SqlPeople
from storage.placements import SqlPlacements
from storage.recruitment import SqlRecruitment
from storage.sql import insert_ignoring_conflicts, rowcount
from storage.summaries import SqlSummaries
from storage.tasks import SqlTasks

log = logging.getLogger(__name__)
SEEN = timedelta(hours=1)

_conversations = ConversationRow.__table__
_CONVERSATION_FOR_UPDATE = (
    select(_conversations.c.chat_id, _conversations.c.state, _conversations.c.data)
    .where(_conversations.c.chat_id == bindparam("chat_id"))
    .with_for_update()
)


# A Core statement with bound parameters: compiled once, run for most updates.
_SAVE_CONVERSATION = (
    update(ConversationRow)
    .where(ConversationRow.chat_id == bindparam("target"))
    .values(version=ConversationRow.version + 1)
)
_CONVERSATIONS_FOR_UPDATE = (
    select(_conversations.c.chat_id, _conversations.c.state, _conversations.c.data)
    .where(_conversations.c.chat_id.in_(bindparam("chat_ids", expanding=True)))
    .with_for_update()
)
_inbox = cast(Table, InboxRow.__table__)
_CLAIM_UPDATES = (
    update(_inbox)
    .where(_inbox.c.update_id.in_(bindparam("ids", expanding=True)), _inbox.c.done_at.is_(None))
    .values(done_at=bindparam("now"), payload=None)
    .returning(_inbox.c.update_id)
)


class Store:
    """Everything one update or job may touch, bound to one session and transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.people = SqlPeople(session)
        self.invites = SqlInvites(session)
        self.attendance = SqlAttendance(session)
        self.tasks = SqlTasks(session)
        self.cvs = SqlCvs(session)
        self.placements = SqlPlacements(session)
        self.paths = SqlPaths(session)
        self.recruitment = SqlRecruitment(session)

    def ports(self) -> Ports:
        """Return the flows' ports bound to this transaction."""
        return Ports(
            people=self.people,
            invites=self.invites,
            attendance=self.attendance,
            access=SqlAccess(self.session),
            tasks=self.tasks,
            cvs=self.cvs,
            placements=self.placements,
            paths=self.paths,
            recruitment=self.recruitment,
            summaries=SqlSummaries(self.session),
        )

    async def drop_planned(self, chat_id: int, now: datetime) -> int:
        """Delete a chat's planned messages (keyed, pending, due later); return how many.

        Their planners (the reminder timer) plan them again, rendered in the language the
        person has now. Alerts and digests held through quiet hours are made once and never
        planned again: they stay (in the language they were made in).
        """
        result = await self.session.execute(
            delete(OutboxMessageRow)
            .where(
                OutboxMessageRow.chat_id == chat_id,
                OutboxMessageRow.status == "pending",
                OutboxMessageRow.key.is_not(None),
                OutboxMessageRow.due_at > now,
                OutboxMessageRow.gather.is_(False),
                OutboxMessageRow.key.not_like("digest:%"),
            )
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    async def sent_together(self, chat_id: int, message_id: int) -> list[dict[str, Any] | None]:
        """The keyboards of the alerts sent together as one message (in order)."""
        rows = await self.session.execute(
            select(OutboxMessageRow.reply_markup)
            .where(
                OutboxMessageRow.gather.is_(True),
                OutboxMessageRow.chat_id == chat_id,
                OutboxMessageRow.telegram_message_id == message_id,
            )
            .order_by(OutboxMessageRow.id)
        )
        return list(rows.scalars())

    async def gathering(self, chat_ids: Sequence[int], now: datetime) -> dict[int, datetime]:
        """Return, per chat, when the alerts already waiting for it go out (if any wait)."""
        if not chat_ids:
            return {}
        rows = await self.session.execute(
            select(OutboxMessageRow.chat_id, func.min(OutboxMessageRow.due_at))
            .where(
                OutboxMessageRow.chat_id.in_(list(set(chat_ids))),
                OutboxMessageRow.gather.is_(True),
                OutboxMessageRow.status == "pending",
                OutboxMessageRow.due_at > now,
            )
            .group_by(OutboxMessageRow.chat_id)
        )
        return {chat_id: due for chat_id, due in rows.tuples()}

    async def seen(self, people: Iterable[Person], now: datetime) -> None:
        """Note that these people wrote or pressed something now (kept to the hour, so a busy
        chat writes it once an hour, not on every update)."""
        stale = [p.id for p in people if p.last_seen_at is None or p.last_seen_at < now - SEEN]
        if stale:
            await self.session.execute(
                update(PersonRow)
                .where(PersonRow.id.in_(stale))
                .values(last_seen_at=now)
                .execution_options(synchronize_session=False)
            )

    async def drop_pending(self, key_prefix: str) -> int:
        """Delete pending outbox rows whose key starts with `key_prefix`; return how many.

        Rows already leased (sending) or sent are left alone: they may be on the wire.
        """
        if not key_prefix:
            raise ValueError("refusing to drop every pending outbox row: empty key prefix")
        key = OutboxMessageRow.key
        result = await self.session.execute(
            delete(OutboxMessageRow)
            .where(
                OutboxMessageRow.status == "pending",
                # autoescape makes `_` and `%` in the prefix literal; the substr comparison
                # keeps the match case-sensitive on SQLite, whose LIKE ignores ASCII case.
                key.startswith(key_prefix, autoescape=True),
                func.substr(key, 1, len(key_prefix)) == key_prefix,
            )
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    async def record_update(self, update_id: int, now: datetime) -> bool:
        """Mark one update done; False if it was done before."""
        return update_id in await self.record_updates([update_id], now)

    async def conversation(self, chat_id: int) -> Conversation:
        """Load (creating if missing) and lock the chat's conversation row."""
        # FOR UPDATE serialises instances per chat on PostgreSQL; SQLite already holds the
        # database write lock (BEGIN IMMEDIATE) and ignores the clause.
        conn = await self.session.connection()
        query = _CONVERSATION_FOR_UPDATE
        row = (await conn.execute(query, {"chat_id": chat_id})).one_or_none()
        if row is None:
            stmt = insert_ignoring_conflicts(self.session, ConversationRow, "chat_id")
            values = {
                "chat_id": chat_id,
                "state": "idle",
                "data": {},
                "updated_at": utcnow(),
                "version": 0,
            }
            await conn.execute(stmt, values)
            row = (await conn.execute(query, {"chat_id": chat_id})).one()
        return Conversation(chat_id=row.chat_id, state=row.state, data=dict(row.data or {}))

    async def save_conversation(
        self, chat_id: int, state: str, data: Mapping[str, Any], person_id: int | None
    ) -> None:
        """Store the chat's conversation state."""
        values = {
            "state": state,
            "data": dict(data),
            "person_id": person_id,
            "updated_at": utcnow(),
        }
        conn = await self.session.connection()
        result = await conn.execute(_SAVE_CONVERSATION, {"target": chat_id, **values})
        if rowcount(result) == 0:
            self.session.add(ConversationRow(chat_id=chat_id, version=1, **values))
            await self.session.flush()

    async def enqueue(
        self,
        items: Sequence[OutgoingItem],
        now: datetime,
        *,
        in_flight_lease: float | None = None,
        owner: str | None = None,
    ) -> list[int]:
        """Insert outbox rows, skipping keys that exist; return the new ids."""
        rows = await self.enqueue_rows(items, now, in_flight_lease=in_flight_lease, owner=owner)
        return [row.id for row in rows]

    async def enqueue_rows(
        self,
        items: Sequence[OutgoingItem],
        now: datetime,
        *,
        in_flight_lease: float | None = None,
        owner: str | None = None,
    ) -> list[OutboxRow]:
        """Insert outbox rows, skipping keys that exist; return the new rows, ready to send.

        With `in_flight_lease` the rows are claimed at once for `owner` (who sends them right
        after the commit).
        """
        values = [self._outbox_values(item, now, in_flight_lease, owner) for item in items]
        ids: list[int | None] = [None] * len(items)
        conn = await self.session.connection()
        plain = [i for i, item in enumerate(items) if item.key is None]
        if plain:
            # One executemany for all unkeyed rows (SQLAlchemy sends it as a multi-row INSERT
            # and keeps the compiled statement cached); ids come back in parameter order.
            stmt = insert(OutboxMessageRow).returning(
                OutboxMessageRow.id, sort_by_parameter_order=True
            )
            new_ids = [r[0] for r in await conn.execute(stmt, [values[i] for i in plain])]
            for i, new_id in zip(plain, new_ids, strict=True):
                ids[i] = new_id
        keyed = insert_ignoring_conflicts(self.session, OutboxMessageRow, "key").returning(
            OutboxMessageRow.id
        )
        for i, item in enumerate(items):
            if item.key is not None:
                ids[i] = (await conn.execute(keyed, values[i])).scalar_one_or_none()
                if ids[i] is None:
                    log.debug("outbox key %s exists; skipped", item.key)
        return [
            OutboxRow(
                id=new_id,
                chat_id=item.chat_id,
                text=item.text,
                reply_markup=item.reply_markup,
                parse_mode=item.parse_mode,
                key=item.key,
                person_id=item.person_id,
                status=value["status"],
                due_at=value["due_at"],
                lease_until=value["lease_until"],
                attempts=value["attempts"],
                attachment_name=item.attachment_name,
                attachment=item.attachment,
                attachment_mime=item.attachment_mime,
                file_kind=item.file_kind,
                file_id=item.file_id,
                gather=item.gather,
                sheet=item.sheet,
            )
            for item, value, new_id in zip(items, values, ids, strict=True)
            if new_id is not None
        ]

    @staticmethod
    def _outbox_values(
        item: OutgoingItem, now: datetime, in_flight_lease: float | None, owner: str | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "key": item.key,
            "chat_id": item.chat_id,
            "person_id": item.person_id,
            "text": item.text,
            "reply_markup": item.reply_markup,
            "parse_mode": item.parse_mode,
            "attachment_name": item.attachment_name,
            "attachment": item.attachment,
            "attachment_mime": item.attachment_mime,
            "file_kind": item.file_kind,
            "file_id": item.file_id,
            "due_at": item.due_at or now,
            "expires_at": item.expires_at,
            "retention": item.retention,
            "gather": item.gather,
            "sheet": item.sheet,
            "lease_owner": None,
            "created_at": now,
            "attempts": 0,
            "status": "pending",
            "lease_until": None,
        }
        if in_flight_lease is not None:
            # The caller sends right after commit: claim now so no dispatcher takes it too.
            values.update(
                status="sending",
                attempts=1,
                lease_until=now + timedelta(seconds=in_flight_lease),
                lease_owner=owner,
            )
        return values

    async def record_updates(self, update_ids: Sequence[int], now: datetime) -> set[int]:
        """Mark updates done (in this transaction, with their effects) and drop their payload;
        return those that were not done before. An update fed without going through the
        inbox is recorded as done here too."""
        if not update_ids:
            return set()
        conn = await self.session.connection()
        claimed = {
            r[0] for r in await conn.execute(_CLAIM_UPDATES, {"ids": list(update_ids), "now": now})
        }
        rest = [u for u in dict.fromkeys(update_ids) if u not in claimed]
        if not rest:
            return claimed
        stmt = insert_ignoring_conflicts(self.session, InboxRow, "update_id")
        rows = [{"update_id": u, "received_at": now, "done_at": now} for u in rest]
        result = await conn.execute(stmt.returning(_inbox.c.update_id), rows)
        return claimed | {r[0] for r in result}

    async def conversations(self, chat_ids: Sequence[int]) -> dict[int, Conversation]:
        """Load (creating missing ones) and lock several chats' conversation rows."""
        if not chat_ids:
            return {}
        conn = await self.session.connection()
        query = _CONVERSATIONS_FOR_UPDATE
        found = {r.chat_id: r for r in await conn.execute(query, {"chat_ids": list(chat_ids)})}
        missing = [c for c in dict.fromkeys(chat_ids) if c not in found]
        if missing:
            stmt = insert_ignoring_conflicts(self.session, ConversationRow, "chat_id")
            at = utcnow()
            await conn.execute(
                stmt,
                [
                    {"chat_id": c, "state": "idle", "data": {}, "updated_at": at, "version": 0}
                    for c in missing
                ],
            )
            for r in await conn.execute(query, {"chat_ids": missing}):
                found[r.chat_id] = r
        return {
            c: Conversation(chat_id=r.chat_id, state=r.state, data=dict(r.data or {}))
            for c, r in found.items()
        }

    async def audit(
        self,
        actor_id: int | None,
        subject_id: int | None,
        action: str,
        detail: Mapping[str, Any] | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Append an audit-log entry."""
        self.session.add(
            AuditRow(
                at=at or utcnow(),
                actor_id=actor_id,
                subject_id=subject_id,
                action=action,
                detail=dict(detail or {}),
            )
        )
        await self.session.flush()
