"""The job interview and other tasks (steps 7 and 8)."""

from __future__ import annotations

from flows.model import ReportKind as R
from flows.model import TaskStep as S
from flows.tasks.library.entry import LibraryTask, entry
from flows.text import N_

TASKS: tuple[LibraryTask, ...] = (
    # 7 The job interview
    entry(
        "interview_questions",
        S.INTERVIEW,
        2,
        R.TEXT,
        N_("Prepare answers to interview questions"),
        N_("With answers prepared you are calmer at the interview."),
        N_(
            "Read these questions: Tell me about yourself. Why do you want this job? "
            "What are you good at?\n"
            "Write a short answer to each.\n"
            "Read your answers aloud.\n"
            "Send them here."
        ),
    ),
    entry(
        "interview_practice",
        S.INTERVIEW,
        1,
        R.DONE,
        N_("Practise an interview with someone"),
        N_("Practice makes the real interview easier."),
        N_(
            "Ask a friend to be the employer.\n"
            "Let them ask you the questions you prepared.\n"
            "Ask them what went well and what to change.\n"
            "Press Done."
        ),
    ),
    entry(
        "interview_own_questions",
        S.INTERVIEW,
        0.5,
        R.TEXT,
        N_("Write questions to ask the employer"),
        N_("Asking questions shows that you are interested."),
        N_(
            "Write three questions about the job.\n"
            "For example: what does a normal day look like?\n"
            "Send them here."
        ),
    ),
    entry(
        "interview_route",
        S.INTERVIEW,
        1,
        R.DONE,
        N_("Find the way to an interview"),
        N_("Arriving on time makes a good first impression."),
        N_(
            "Find the address of the workplace.\n"
            "Plan the trip and how long it takes.\n"
            "Go there once before, if you can.\n"
            "Press Done."
        ),
    ),
    entry(
        "interview_follow_up",
        S.INTERVIEW,
        0.5,
        R.TEXT,
        N_("Thank the employer after an interview"),
        N_("A short thank-you makes the employer remember you."),
        N_(
            "Write a short message to the employer the day after.\n"
            "Thank them for the interview.\n"
            "Say that you still want the job.\n"
            "Send what you wrote here."
        ),
    ),
    # 8 Other
    entry(
        "other_job_search",
        S.OTHER,
        1,
        R.TEXT,
        N_("Report your job search this week"),
        N_("Your coach and Arbetsförmedlingen need to know what you have applied for."),
        N_(
            "Write every job you applied for this week.\n"
            "For each one: the employer, the job and the date.\n"
            "Send the list here."
        ),
    ),
    entry(
        "other_activity_report",
        S.OTHER,
        0.5,
        R.DONE,
        N_("Send your activity report"),
        N_("The activity report keeps your support from Arbetsförmedlingen."),
        N_(
            "Log in on arbetsformedlingen.se.\n"
            "Fill in the activity report for this month.\n"
            "Send it before the 14th.\n"
            "Press Done."
        ),
    ),
    entry(
        "other_email",
        S.OTHER,
        1,
        R.TEXT,
        N_("Make an e-mail address for job seeking"),
        N_("Employers write to you by e-mail. A simple address looks serious."),
        N_("Make a free e-mail account.\nUse your name in the address.\nSend the address here."),
    ),
    entry(
        "other_bankid",
        S.OTHER,
        1,
        R.DONE,
        N_("Get BankID on your phone"),
        N_("Many services and employers need BankID to log in."),
        N_(
            "Ask your bank how to get BankID.\n"
            "Install the BankID app on your phone.\n"
            "Log in once on a public service to test it.\n"
            "Press Done."
        ),
    ),
    entry(
        "other_swedish",
        S.OTHER,
        3,
        R.TEXT,
        N_("Practise Swedish for work"),
        N_("Work Swedish helps you at interviews and in the workplace."),
        N_(
            "Pick a job you want.\n"
            "Write ten Swedish words used in that job.\n"
            "Learn them and say them aloud.\n"
            "Send the words here."
        ),
    ),
    entry(
        "other_news",
        S.OTHER,
        1,
        R.TEXT,
        N_("Read news in easy Swedish"),
        N_("News in easy Swedish teaches you words and what happens in society."),
        N_(
            "Open 8 Sidor (8sidor.se).\n"
            "Read two articles.\n"
            "Write one sentence about each.\n"
            "Send the sentences here."
        ),
    ),
    entry(
        "other_routine",
        S.OTHER,
        0.5,
        R.TEXT,
        N_("Plan your week"),
        N_("A plan for the week makes it easier to get things done."),
        N_(
            "Write what you will do each day this week.\n"
            "Put in your activities and your tasks.\n"
            "Send the plan here."
        ),
    ),
    entry(
        "other_childcare",
        S.OTHER,
        1,
        R.DONE,
        N_("Arrange care for your children"),
        N_("When your children are cared for, you can take a job or a course."),
        N_(
            "Find out about preschool or after-school care in your municipality.\n"
            "Apply for a place, or talk to the school.\n"
            "Press Done when you have applied."
        ),
    ),
    entry(
        "other_driving",
        S.OTHER,
        2,
        R.TEXT,
        N_("Find out how to get a driving licence"),
        N_("Many jobs need a driving licence."),
        N_(
            "Search for driving schools near you.\n"
            "Find out what the theory test and lessons cost.\n"
            "Write a plan: when can you start?\n"
            "Send the plan here."
        ),
    ),
    entry(
        "other_health",
        S.OTHER,
        1,
        R.DONE,
        N_("Take a walk every day this week"),
        N_("Moving every day gives energy for the job search."),
        N_(
            "Take a walk of thirty minutes every day.\n"
            "Walk with someone if you can.\n"
            "Press Done at the end of the week."
        ),
    ),
    entry(
        "other_documents",
        S.OTHER,
        1,
        R.DONE,
        N_("Put your papers in order"),
        N_("With your papers in one place you find them when an employer asks."),
        N_(
            "Collect your ID, certificates and references.\n"
            "Put them in one folder.\n"
            "Take photos of them and keep them on your phone.\n"
            "Press Done."
        ),
    ),
    entry(
        "other_workplace_rules",
        S.OTHER,
        1,
        R.TEXT,
        N_("Learn the rules of a Swedish workplace"),
        N_("Knowing the unwritten rules makes the first weeks easier."),
        N_(
            "Read about work in Sweden, for example on informationsverige.se.\n"
            "Write three things that surprised you.\n"
            "Send them here."
        ),
    ),
    entry(
        "other_rights",
        S.OTHER,
        1,
        R.TEXT,
        N_("Learn your rights at work"),
        N_("Knowing your rights protects you at work."),
        N_(
            "Read about employment contracts and wages, for example on a union's website.\n"
            "Write three rights every worker has.\n"
            "Send them here."
        ),
    ),
    entry(
        "other_study_visit",
        S.OTHER,
        3,
        R.TEXT,
        N_("Make a study visit"),
        N_("Seeing a workplace shows what the job is really like."),
        N_(
            "Ask your coach or a contact for a study visit.\n"
            "Go there and watch how they work.\n"
            "Write what you saw and if the job suits you.\n"
            "Send it here."
        ),
    ),
    entry(
        "other_reflection",
        S.OTHER,
        0.5,
        R.TEXT,
        N_("Look back on your week"),
        N_("Thinking about the week shows what works and what to change."),
        N_(
            "Write what went well this week.\n"
            "Write what was hard.\n"
            "Write one thing you will do next week.\n"
            "Send it here."
        ),
    ),
)
