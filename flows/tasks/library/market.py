"""The labour market and the network (steps 5 and 6)."""

from __future__ import annotations

from flows.model import ReportKind as R
from flows.model import TaskStep as S
from flows.tasks.library.entry import LibraryTask, entry
from flows.text import N_

TASKS: tuple[LibraryTask, ...] = (
    # 5 Labour-market research
    entry(
        "market_adverts",
        S.MARKET,
        2,
        R.TEXT,
        N_("Read ten job adverts"),
        N_("Adverts show what employers want. Then you know what to learn."),
        N_(
            "Open Platsbanken on arbetsformedlingen.se.\n"
            "Search for a job you want.\n"
            "Read ten adverts.\n"
            "Write down three things that many of them ask for.\n"
            "Send them here."
        ),
    ),
    entry(
        "market_company",
        S.MARKET,
        1,
        R.TEXT,
        N_("Find out about a company"),
        N_("Knowing the company shows the employer that you really want the job."),
        N_(
            "Pick a company you want to work at.\n"
            "Read its website.\n"
            "Write what it does and how many work there.\n"
            "Write one question you want to ask them.\n"
            "Send the text here."
        ),
    ),
    entry(
        "market_register",
        S.MARKET,
        1,
        R.DONE,
        N_("Register in a job database"),
        N_("Employers search for staff in job databases. Then they can find you."),
        N_(
            "Pick one job site, for example Platsbanken.\n"
            "Make an account.\n"
            "Add your CV.\n"
            "Press Done."
        ),
    ),
    entry(
        "market_future",
        S.MARKET,
        1.5,
        R.TEXT,
        N_("Find jobs with a future"),
        N_("Some jobs will need many people in the coming years."),
        N_(
            'Search for "yrkesprognoser" on arbetsformedlingen.se.\n'
            "Find three jobs where many will be needed.\n"
            "Write which of them could fit you.\n"
            "Send the text here."
        ),
    ),
    entry(
        "market_salary",
        S.MARKET,
        1,
        R.TEXT,
        N_("Find out the wages in a job"),
        N_("Knowing the wage helps you plan and answer at interviews."),
        N_(
            "Pick a job you want.\n"
            "Search for its wage, for example on a union's website.\n"
            "Write what you found.\n"
            "Send it here."
        ),
    ),
    entry(
        "market_education",
        S.MARKET,
        2,
        R.TEXT,
        N_("Find a course that leads to work"),
        N_("A short course can be the step into a job."),
        N_(
            "Search for courses near you, for example at Komvux.\n"
            "Find one that fits the job you want.\n"
            "Write how long it is and when it starts.\n"
            "Send the text here."
        ),
    ),
    entry(
        "market_local",
        S.MARKET,
        2,
        R.TEXT,
        N_("Find the big employers in your town"),
        N_("Big employers hire often. It is good to know who they are."),
        N_(
            "Search for the largest employers in your municipality.\n"
            "Write down five of them.\n"
            "Write what kind of staff they need.\n"
            "Send the list here."
        ),
    ),
    entry(
        "market_job_fair",
        S.MARKET,
        3,
        R.TEXT,
        N_("Go to a job fair or an open day"),
        N_("At a fair you meet many employers in one day."),
        N_(
            "Find a job fair or an open day near you.\n"
            "Go there with your CV.\n"
            "Talk to at least two employers.\n"
            "Write whom you met and send it here."
        ),
    ),
    # 6 Networking
    entry(
        "network_map",
        S.NETWORK,
        1,
        R.TEXT,
        N_("Draw your network"),
        N_("Many people get jobs through people they know."),
        N_(
            "Write the names of people you know: family, friends, neighbours.\n"
            "Write where each of them works.\n"
            "Mark those who could help you.\n"
            "Send the list here."
        ),
    ),
    entry(
        "network_tell",
        S.NETWORK,
        1,
        R.TEXT,
        N_("Tell five people that you look for work"),
        N_("If people know you look for work, they can tell you about jobs."),
        N_(
            "Pick five people you know.\n"
            "Tell them which job you want.\n"
            "Ask them to tell you if they hear of a job.\n"
            "Write whom you told and send it here."
        ),
    ),
    entry(
        "network_linkedin",
        S.NETWORK,
        2,
        R.LINK,
        N_("Make a LinkedIn profile"),
        N_("Employers look for staff on LinkedIn."),
        N_(
            "Make an account on linkedin.com.\n"
            "Add a photo, your jobs and your skills.\n"
            "Connect with five people you know.\n"
            "Send the link to your profile here."
        ),
    ),
    entry(
        "network_association",
        S.NETWORK,
        2,
        R.TEXT,
        N_("Join an association or volunteer"),
        N_("In an association you meet new people and practise Swedish."),
        N_(
            "Find an association or volunteer work near you.\n"
            "Go to a meeting or an activity.\n"
            "Write what you did and whom you met.\n"
            "Send it here."
        ),
    ),
)
