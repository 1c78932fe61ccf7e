"""Onboarding: invite redemption, language, privacy notice, /start, /help and /cancel."""

from __future__ import annotations

from flows.onboarding import language, welcome
from flows.onboarding.common import State
from flows.onboarding.ports import OnboardingPorts, narrow
from flows.routes import EVERYONE, REPLIES, Command, Flow, Listener, Press, Step
from flows.text import N_

FLOW: Flow[OnboardingPorts] = Flow(
    name="onboarding",
    ports=narrow,
    strangers=welcome.strangers,
    commands=(
        Command("start", welcome.start, EVERYONE, N_("Start or open your invite")),
        Command("help", welcome.help_text, EVERYONE, N_("What I can do for you")),
        Command("language", language.language_command, EVERYONE, N_("Change language")),
        Command(
            "cancel",
            welcome.cancel,
            EVERYONE,
            N_("Stop what you are doing"),
            leaves_any_step=True,
            in_menu=False,
        ),
    ),
    buttons=(
        Press(language.PickLanguage, language.choose, EVERYONE),
        Press(language.SwitchLanguage, language.switch, EVERYONE),
    ),
    steps=(Step(State.CHOOSE_LANGUAGE, language.while_choosing, takes=REPLIES),),
    listeners=(Listener(language.offer_switch, then_others=True),),
)
