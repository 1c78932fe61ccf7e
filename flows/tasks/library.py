"""The task library: individual tasks on Jobbnätet's eight steps and Entré's additions.

Every task has a purpose, an estimate for an average participant, how it is reported and
instructions with one action per line, in short sentences. Texts are catalog keys; the
participant reads them in their own language. Keys are stable: assignments refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.model import ReportKind, TaskStep
from flows.text import N_

STEP_NAMES: dict[TaskStep, str] = {
    TaskStep.CV: N_("CV"),
    TaskStep.SKILLS: N_("Your skills"),
    TaskStep.COVER_LETTER: N_("Cover letter"),
    TaskStep.SALES_LETTER: N_("Letter to employers"),
    TaskStep.MARKET: N_("The labour market"),
    TaskStep.NETWORK: N_("Your network"),
    TaskStep.INTERVIEW: N_("The job interview"),
    TaskStep.OTHER: N_("Other"),
}


@dataclass(frozen=True)
class LibraryTask:
    """One task of the library; `title`, `purpose` and `how` are catalog keys."""

    key: str
    step: TaskStep
    title: str
    purpose: str
    how: str
    hours: float
    report: ReportKind


def _t(
    key: str, step: TaskStep, hours: float, report: ReportKind, title: str, purpose: str, how: str
) -> LibraryTask:
    return LibraryTask(key, step, title, purpose, how, hours, report)


S, R = TaskStep, ReportKind

LIBRARY: tuple[LibraryTask, ...] = (
    # 1 CV
    _t(
        "cv_facts",
        S.CV,
        2,
        R.TEXT,
        N_("Collect the facts for your CV"),
        N_("A CV starts with the facts. With them in one place, writing is quick."),
        N_(
            "Write down your jobs: where, what you did, from when to when.\n"
            "Write down your schools and courses, with years.\n"
            "Write down languages you speak and your driving licence.\n"
            "Send the list here as a text."
        ),
    ),
    _t(
        "cv_first",
        S.CV,
        4,
        R.DOCUMENT,
        N_("Write your first CV"),
        N_("Employers read a CV first. Without one you are not called to interviews."),
        N_(
            "Use the facts you collected.\n"
            "Start with your name, phone and e-mail.\n"
            "List your jobs, the latest first.\n"
            "Add schools, courses and languages.\n"
            "Send the CV here as a document."
        ),
    ),
    _t(
        "cv_tailor",
        S.CV,
        2,
        R.DOCUMENT,
        N_("Tailor your CV to one job"),
        N_("A CV that matches the advert gets read. One CV for all jobs often does not."),
        N_(
            "Pick one job advert.\n"
            "Underline the words the employer uses.\n"
            "Use the same words in your CV where they are true.\n"
            "Put the most fitting experience first.\n"
            "Send the new CV here as a document."
        ),
    ),
    _t(
        "cv_references",
        S.CV,
        1,
        R.TEXT,
        N_("Ask two people to be your references"),
        N_("Employers often call a former boss or teacher. Ask first, so they are ready."),
        N_(
            "Think of two people who know your work or studies.\n"
            "Call or write to them and ask if they want to be references.\n"
            "Check their phone numbers.\n"
            "Send their names and how they know you here."
        ),
    ),
    _t(
        "cv_check",
        S.CV,
        0.5,
        R.DONE,
        N_("Check your CV with a friend"),
        N_("Another person finds mistakes that you do not see."),
        N_(
            "Give your CV to a friend or family member.\n"
            "Ask them to mark what is unclear or wrong.\n"
            "Fix what they found.\n"
            "Press Done when you have fixed it."
        ),
    ),
    # 2 Skills inventory
    _t(
        "skills_list",
        S.SKILLS,
        2,
        R.TEXT,
        N_("Make a list of what you can do"),
        N_("You can do more than you think. The list helps you in the CV and at interviews."),
        N_(
            "Write ten things you can do, at work or at home.\n"
            "For example: cook for many, drive a truck, fix a bike.\n"
            "Mark the three you are best at.\n"
            "Send the list here."
        ),
    ),
    _t(
        "skills_jobs_before",
        S.SKILLS,
        1.5,
        R.TEXT,
        N_("Describe a job you had"),
        N_("Describing what you did shows the skills you used."),
        N_(
            "Pick one job you had, in Sweden or another country.\n"
            "Write what you did on a normal day.\n"
            "Write what you were responsible for.\n"
            "Send the text here."
        ),
    ),
    _t(
        "skills_strengths",
        S.SKILLS,
        1,
        R.TEXT,
        N_("Ask someone about your strengths"),
        N_("Others often see our strengths better than we do."),
        N_(
            "Ask a friend, a neighbour or a former colleague.\n"
            "Ask: what am I good at?\n"
            "Write down three things they said.\n"
            "Send them here."
        ),
    ),
    _t(
        "skills_education",
        S.SKILLS,
        2,
        R.TEXT,
        N_("Find out how your education counts in Sweden"),
        N_(
            "An education from another country can count in Sweden. "
            "Then more jobs are open to you."
        ),
        N_(
            "Write down your education and where you took it.\n"
            "Look on uhr.se for how to get it assessed.\n"
            "Write what you need to send in.\n"
            "Send what you found here."
        ),
    ),
    _t(
        "skills_languages",
        S.SKILLS,
        0.5,
        R.TEXT,
        N_("Write down your languages"),
        N_("Languages are skills that employers look for."),
        N_(
            "Write every language you speak.\n"
            "For each one, write: a little, good, or very good.\n"
            "Send the list here."
        ),
    ),
    _t(
        "skills_digital",
        S.SKILLS,
        1,
        R.DONE,
        N_("Test your computer skills"),
        N_("Most jobs need some computer skills. Knowing your level shows what to learn."),
        N_(
            "Open a free online test of digital skills, or ask your coach for one.\n"
            "Do the test.\n"
            "Write down what you want to learn more about.\n"
            "Press Done."
        ),
    ),
    _t(
        "skills_dream_job",
        S.SKILLS,
        1,
        R.TEXT,
        N_("Describe the job you want"),
        N_("A clear goal helps you and your coach choose the next steps."),
        N_(
            "Write which job you want in one year.\n"
            "Write why you want it.\n"
            "Write what you need to get there.\n"
            "Send the text here."
        ),
    ),
    _t(
        "skills_certificates",
        S.SKILLS,
        1,
        R.PHOTO,
        N_("Take photos of your certificates"),
        N_("Certificates prove what you have done. With photos they are easy to send."),
        N_(
            "Find your certificates, diplomas and references.\n"
            "Take a clear photo of each one.\n"
            "Send one photo here.\n"
            "Keep the others on your phone."
        ),
    ),
    # 3 Cover letter
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    # 5 Labour-market research
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    # 7 The job interview
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
        "other_email",
        S.OTHER,
        1,
        R.TEXT,
        N_("Make an e-mail address for job seeking"),
        N_("Employers write to you by e-mail. A simple address looks serious."),
        N_("Make a free e-mail account.\nUse your name in the address.\nSend the address here."),
    ),
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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
    _t(
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

BY_KEY: dict[str, LibraryTask] = {t.key: t for t in LIBRARY}
