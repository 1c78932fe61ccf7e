"""Lost contact: a participant silent for a while gets a friendly word first, with one button
to ask their coach to get in touch; the coach hears of it at once (an urgent alert)."""

from __future__ import annotations

from flows.attention import alert
from flows.digest_model import Member
from flows.digests.payloads import ContactMe, Profile
from flows.digests.ports import DigestPorts
from flows.output import Button, Outcome, Say
from flows.routes import Ctx
from flows.text import N_, msg


def nudge(member: Member) -> Say:
    """A friendly word to a silent participant (once per silence: the key names its start,
    the last word or, before any, the day they joined the caseload)."""
    person = member.person
    assert person.chat_id is not None
    since = (person.last_seen_at or member.since).date().isoformat()
    return Say(
        person.chat_id,
        person.locale,
        (
            msg(
                N_(
                    "Hello {name}! We have not heard from you for a while. How are you? "
                    "If you want your coach to get in touch, press the button."
                ),
                name=person.display_name,
            ),
        ),
        buttons=((Button(msg(N_("Contact me")), payload=ContactMe().pack()),),),
        key=f"nudge:{person.id}:{since}",
    )


async def contact_me(ctx: Ctx[DigestPorts], payload: ContactMe) -> Outcome:
    """Tell the coach at once that the participant wants contact."""
    coach = await ctx.ports.people.coach_of(ctx.person.id)
    if coach is None or coach.chat_id is None or not coach.reachable:
        text = msg(N_("You have no coach on Telegram yet. Please call your job centre."))
        return Outcome(messages=(ctx.say(text),), remove_buttons=True)
    await ctx.ports.people.note_message_to_coach(ctx.person.id, ctx.now)
    body = (msg(N_("{name} asks you to get in touch."), name=ctx.person.display_name),)
    button = Button(msg(N_("Open the profile")), payload=Profile(ctx.person.id).pack())
    to_coach = await alert(ctx.ports.people, coach, ctx.now, body, buttons=((button,),))
    thanks = msg(N_("Thank you. {coach} will get in touch with you."), coach=coach.display_name)
    return Outcome(messages=(ctx.say(thanks), to_coach), remove_buttons=True)
