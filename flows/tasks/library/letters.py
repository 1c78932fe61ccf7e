"""The cover letter and letters to employers (steps 3 and 4)."""

from __future__ import annotations

from flows.model import ReportKind as R
from flows.model import TaskStep as S
from flows.tasks.library.entry import LibraryTask, entry
from flows.text import N_

TASKS: tuple[LibraryTask, ...] = (
    # 3 Cover letter
    entry(
        "letter_first",
        S.COVER_LETTER,
        3,
        R.DOCUMENT,
        N_("Write a cover letter"),
        N_("The letter tells the employer why you want the job and why you fit."),
        N_(
            "Pick one job advert.\n"
            "Write one line about who you are.\n"
            "Write why you want this job.\n"
            "Write two things you can do that the job needs.\n"
            "End with how to reach you.\n"
            "Send the letter here as a document."
        ),
    ),
    entry(
        "letter_short",
        S.COVER_LETTER,
        1,
        R.TEXT,
        N_("Write five sentences about yourself"),
        N_("Short sentences about you are the core of every letter and every interview."),
        N_(
            "Write who you are in one sentence.\n"
            "Write what you can do in two sentences.\n"
            "Write what job you want in one sentence.\n"
            "Write when you can start in one sentence.\n"
            "Send the text here."
        ),
    ),
    entry(
        "letter_apply",
        S.COVER_LETTER,
        2,
        R.LINK,
        N_("Apply for one job"),
        N_("Every application is a chance. Practice makes the next one easier."),
        N_(
            "Find a job that fits you.\n"
            "Send your CV and letter as the advert says.\n"
            "Save the link to the advert.\n"
            "Send the link here."
        ),
    ),
    # 4 Letter to employers
    entry(
        "sales_list",
        S.SALES_LETTER,
        2,
        R.TEXT,
        N_("List ten workplaces you would like to work at"),
        N_("Many jobs are never advertised. You can contact employers yourself."),
        N_(
            "Think of workplaces near you that need your skills.\n"
            "Write their names and what they do.\n"
            "Find a phone number or e-mail for each.\n"
            "Send the list here."
        ),
    ),
    entry(
        "sales_letter",
        S.SALES_LETTER,
        2,
        R.DOCUMENT,
        N_("Write a letter to an employer"),
        N_("A short letter can open a door before a job is advertised."),
        N_(
            "Write who you are and what you can do.\n"
            "Write why you want to work at this place.\n"
            "Ask if you may visit or call.\n"
            "Send the letter here as a document."
        ),
    ),
    entry(
        "sales_send",
        S.SALES_LETTER,
        2,
        R.TEXT,
        N_("Send your letter to three employers"),
        N_("The more employers know you, the bigger the chance."),
        N_(
            "Pick three workplaces from your list.\n"
            "Send your letter by e-mail or hand it in.\n"
            "Write down the date and whom you sent it to.\n"
            "Send the names here."
        ),
    ),
    entry(
        "sales_call",
        S.SALES_LETTER,
        1,
        R.TEXT,
        N_("Call an employer"),
        N_("A phone call is remembered better than a letter."),
        N_(
            "Pick one workplace.\n"
            "Write down what you want to say.\n"
            "Call and ask if they need staff.\n"
            "Write what they answered and send it here."
        ),
    ),
    entry(
        "sales_visit",
        S.SALES_LETTER,
        2,
        R.TEXT,
        N_("Visit a workplace"),
        N_("Meeting people face to face builds trust."),
        N_(
            "Pick a workplace near you.\n"
            "Go there and ask for the boss.\n"
            "Say who you are and leave your CV.\n"
            "Write what happened and send it here."
        ),
    ),
)
