"""The coping-skills library: exercises written for Remission in plain English and German.

Each exercise names its approach (CBT, DBT, ACT, ...). The text is written for this project; it
draws on the public descriptions of each method, cites no copyrighted worksheet and copies none.
Long texts live here per language rather than in the gettext catalogue, so a translator sees a
whole exercise at once; ``tests/companion/test_i18n.py`` fails if one language is missing.
"""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "de")

APPROACHES = {
    "cbt": _("Cognitive behavioural therapy (CBT)"),
    "dbt": _("Dialectical behaviour therapy (DBT)"),
    "act": _("Acceptance and commitment therapy (ACT)"),
    "mindfulness": _("Mindfulness and breathing"),
    "activity": _("Physical activity"),
    "sleep": _("Sleep"),
    "creative": _("Creative expression"),
    "journaling": _("Journaling"),
}


@dataclass(frozen=True)
class Text:
    en: str
    de: str

    def __str__(self) -> str:
        return self.de if (get_language() or "en").startswith("de") else self.en


@dataclass(frozen=True)
class Prompt:
    key: str
    label: Text
    long: bool = True


@dataclass(frozen=True)
class Exercise:
    slug: str
    approach: str
    minutes: int
    title: Text
    summary: Text
    steps: tuple[Text, ...]
    prompts: tuple[Prompt, ...] = ()
    caution: Text | None = None
    tags: tuple[str, ...] = field(default=())

    @property
    def approach_label(self) -> str:
        return str(APPROACHES[self.approach])


def T(en: str, de: str) -> Text:
    return Text(en, de)


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "thought-record",
        "cbt",
        15,
        T("Thought record", "Gedankenprotokoll"),
        T(
            "Catch a painful thought, look at it from the side, and find a fairer way to see it.",
            "Einen belastenden Gedanken einfangen, von der Seite betrachten und eine fairere "
            "Sicht finden.",
        ),
        (
            T(
                "Think of a moment today when your mood dropped. Where were you, what happened?",
                "Denken Sie an einen Moment heute, in dem Ihre Stimmung sank. Wo waren Sie, was "
                "ist passiert?",
            ),
            T(
                "Write down the thought that went through your mind, word for word if you can.",
                "Schreiben Sie den Gedanken auf, der Ihnen durch den Kopf ging, möglichst wörtlich.",
            ),
            T(
                "Ask: what speaks for this thought, and what speaks against it? Would I say it "
                "to a friend in the same place?",
                "Fragen Sie sich: Was spricht für diesen Gedanken, was dagegen? Würde ich das "
                "einer Freundin oder einem Freund in derselben Lage sagen?",
            ),
            T(
                "Write a more balanced thought. It does not have to be positive, only fair.",
                "Schreiben Sie einen ausgewogeneren Gedanken auf. Er muss nicht positiv sein, "
                "nur fair.",
            ),
        ),
        (
            Prompt("situation", T("The situation", "Die Situation")),
            Prompt("thought", T("The thought", "Der Gedanke")),
            Prompt("evidence", T("For and against", "Was dafür und was dagegen spricht")),
            Prompt("balanced", T("A fairer thought", "Ein fairerer Gedanke")),
        ),
    ),
    Exercise(
        "activity-planner",
        "cbt",
        10,
        T("Behavioural activation planner", "Aktivitäten planen"),
        T(
            "Depression shrinks the day. Plan a few small activities that bring a sense of "
            "pleasure or of getting something done, and notice how they went.",
            "Depression lässt den Tag schrumpfen. Planen Sie ein paar kleine Aktivitäten, die "
            "Freude machen oder das Gefühl geben, etwas geschafft zu haben, und achten Sie "
            "darauf, wie es war.",
        ),
        (
            T(
                "Pick one small thing for each of the next three days. Small is the point: a "
                "ten-minute walk counts.",
                "Wählen Sie für jeden der nächsten drei Tage eine kleine Sache. Klein ist "
                "gewollt: ein Spaziergang von zehn Minuten zählt.",
            ),
            T(
                "Write down when you will do it, as if it were an appointment.",
                "Schreiben Sie auf, wann Sie es tun, wie einen Termin.",
            ),
            T(
                "Afterwards, rate pleasure and achievement from 0 to 10. Motivation often "
                "follows action, not the other way round.",
                "Bewerten Sie danach Freude und Erfolgsgefühl von 0 bis 10. Oft kommt der "
                "Antrieb nach dem Tun, nicht davor.",
            ),
        ),
        (
            Prompt("plan", T("What and when", "Was und wann")),
            Prompt(
                "how_it_went",
                T("How it went (pleasure, achievement)", "Wie es war (Freude, Erfolg)"),
            ),
        ),
    ),
    Exercise(
        "tipp",
        "dbt",
        5,
        T("TIPP: cool down strong emotions fast", "TIPP: starke Gefühle schnell abkühlen"),
        T(
            "Four ways to change your body's state when an emotion is overwhelming: "
            "Temperature, Intense exercise, Paced breathing, Paired muscle relaxation.",
            "Vier Wege, den Zustand des Körpers zu ändern, wenn ein Gefühl überwältigend ist: "
            "Temperatur, intensive Bewegung, langsames Atmen, gekoppelte Muskelentspannung.",
        ),
        (
            T(
                "Temperature: hold cool water or a cold pack to your face for up to 30 seconds "
                "while holding your breath briefly.",
                "Temperatur: Halten Sie kühles Wasser oder ein Kühlkissen bis zu 30 Sekunden an "
                "Ihr Gesicht und halten Sie dabei kurz den Atem an.",
            ),
            T(
                "Intense exercise: move hard for a few minutes, such as fast stairs or jumping.",
                "Intensive Bewegung: Bewegen Sie sich ein paar Minuten kräftig, etwa schnell "
                "Treppen steigen oder springen.",
            ),
            T(
                "Paced breathing: breathe out longer than you breathe in, for example in for 4, "
                "out for 6, for two minutes.",
                "Langsames Atmen: Atmen Sie länger aus als ein, zum Beispiel 4 Sekunden ein und 6 "
                "aus, zwei Minuten lang.",
            ),
            T(
                "Paired muscle relaxation: tense a muscle group while breathing in, let go while "
                "breathing out.",
                "Gekoppelte Muskelentspannung: Spannen Sie beim Einatmen eine Muskelgruppe an und "
                "lassen Sie beim Ausatmen los.",
            ),
        ),
        (
            Prompt(
                "what_helped",
                T(
                    "What I tried and what changed",
                    "Was ich versucht habe und was sich geändert hat",
                ),
            ),
        ),
        caution=T(
            "Ask your doctor before using cold water or hard exercise if you have a heart "
            "condition, low blood pressure or an eating disorder.",
            "Fragen Sie vor kaltem Wasser oder starker Bewegung Ihre Ärztin oder Ihren Arzt, "
            "wenn Sie eine Herzerkrankung, niedrigen Blutdruck oder eine Essstörung haben.",
        ),
    ),
    Exercise(
        "stop-skill",
        "dbt",
        5,
        T("Distress tolerance: STOP", "Stresstoleranz: STOPP"),
        T(
            "Get through a crisis moment without making it worse.",
            "Einen Krisenmoment überstehen, ohne ihn schlimmer zu machen.",
        ),
        (
            T(
                "Stop. Do not act yet. Freeze for a moment.",
                "Stopp. Noch nicht handeln. Kurz innehalten.",
            ),
            T(
                "Take a step back. Breathe. Give yourself a little distance.",
                "Treten Sie einen Schritt zurück. Atmen Sie. Schaffen Sie etwas Abstand.",
            ),
            T(
                "Observe what is happening inside and around you, without judging it.",
                "Beobachten Sie, was in Ihnen und um Sie herum geschieht, ohne es zu bewerten.",
            ),
            T(
                "Proceed mindfully: what would help you in the long run? If you are not safe, "
                "open your safety plan.",
                "Gehen Sie achtsam weiter: Was hilft Ihnen auf längere Sicht? Wenn Sie nicht "
                "sicher sind, öffnen Sie Ihren Krisenplan.",
            ),
        ),
        (Prompt("notes", T("What I noticed", "Was ich bemerkt habe")),),
    ),
    Exercise(
        "opposite-action",
        "dbt",
        10,
        T("Opposite action", "Entgegengesetztes Handeln"),
        T(
            "When an emotion pushes you to do something that keeps you stuck, gently do the "
            "opposite.",
            "Wenn ein Gefühl Sie zu etwas drängt, das Sie festhält, tun Sie behutsam das "
            "Gegenteil.",
        ),
        (
            T(
                "Name the emotion and what it urges you to do.",
                "Benennen Sie das Gefühl und wozu es Sie drängt.",
            ),
            T(
                "Ask whether acting on the urge would help. With low mood the urge is often to "
                "withdraw.",
                "Fragen Sie sich, ob es hilft, dem Drang zu folgen. Bei gedrückter Stimmung ist "
                "der Drang oft, sich zurückzuziehen.",
            ),
            T(
                "Do the opposite, all the way: send the message, go outside, sit up straight.",
                "Tun Sie das Gegenteil, ganz: die Nachricht schreiben, hinausgehen, sich "
                "aufrichten.",
            ),
        ),
        (
            Prompt("emotion", T("The emotion and its urge", "Das Gefühl und sein Drang")),
            Prompt("opposite", T("What I did instead", "Was ich stattdessen getan habe")),
        ),
    ),
    Exercise(
        "values-compass",
        "act",
        15,
        T("Values compass", "Werte-Kompass"),
        T(
            "Values are directions, not goals. Knowing them helps you choose the next small step "
            "even on a hard day.",
            "Werte sind Richtungen, keine Ziele. Wer sie kennt, findet auch an einem schweren "
            "Tag den nächsten kleinen Schritt.",
        ),
        (
            T(
                "Think about areas of life: relationships, work or learning, health, leisure, "
                "community.",
                "Denken Sie an Lebensbereiche: Beziehungen, Arbeit oder Lernen, Gesundheit, "
                "Freizeit, Gemeinschaft.",
            ),
            T(
                "For one area, write what kind of person you want to be there.",
                "Schreiben Sie für einen Bereich auf, was für ein Mensch Sie dort sein möchten.",
            ),
            T(
                "Choose one small action this week that points in that direction.",
                "Wählen Sie eine kleine Handlung in dieser Woche, die in diese Richtung zeigt.",
            ),
        ),
        (
            Prompt("value", T("What matters to me", "Was mir wichtig ist")),
            Prompt("step", T("One small step", "Ein kleiner Schritt")),
        ),
    ),
    Exercise(
        "defusion",
        "act",
        5,
        T("Unhooking from thoughts", "Abstand zu Gedanken"),
        T(
            "Thoughts are not orders or facts. Notice them as thoughts, and they lose some grip.",
            "Gedanken sind keine Befehle und keine Tatsachen. Wer sie als Gedanken bemerkt, "
            "nimmt ihnen etwas von ihrer Macht.",
        ),
        (
            T(
                "Write a thought that hooks you, such as “I am a burden”.",
                "Schreiben Sie einen Gedanken auf, der Sie festhält, etwa „Ich bin eine Last“.",
            ),
            T(
                "Now put “I am having the thought that…” in front of it, and read it again.",
                "Setzen Sie nun „Ich habe den Gedanken, dass …“ davor und lesen Sie ihn noch "
                "einmal.",
            ),
            T(
                "Notice any change, even a small one. You can return to this any time.",
                "Achten Sie auf jede Veränderung, auch eine kleine. Sie können das jederzeit "
                "wiederholen.",
            ),
        ),
        (
            Prompt(
                "thought",
                T(
                    "The thought, and how it felt afterwards",
                    "Der Gedanke und wie es sich danach anfühlte",
                ),
            ),
        ),
    ),
    Exercise(
        "grounding-54321",
        "mindfulness",
        5,
        T("5-4-3-2-1 grounding", "5-4-3-2-1: im Hier und Jetzt ankommen"),
        T(
            "Bring your attention back to the present through your senses.",
            "Die Aufmerksamkeit über die Sinne zurück in die Gegenwart holen.",
        ),
        (
            T("Name five things you can see.", "Nennen Sie fünf Dinge, die Sie sehen."),
            T("Four things you can feel or touch.", "Vier Dinge, die Sie spüren oder berühren."),
            T("Three things you can hear.", "Drei Dinge, die Sie hören."),
            T("Two things you can smell.", "Zwei Dinge, die Sie riechen."),
            T(
                "One thing you can taste, or one kind thing to say to yourself.",
                "Eine Sache, die Sie schmecken, oder einen freundlichen Satz für sich selbst.",
            ),
        ),
    ),
    Exercise(
        "paced-breathing",
        "mindfulness",
        4,
        T("Slow breathing", "Langsames Atmen"),
        T(
            "A few minutes of slow breathing with a long out-breath can calm the body.",
            "Ein paar Minuten langsames Atmen mit langer Ausatmung können den Körper beruhigen.",
        ),
        (
            T(
                "Sit comfortably and let your shoulders drop.",
                "Setzen Sie sich bequem hin und lassen Sie die Schultern sinken.",
            ),
            T(
                "Breathe in through your nose for a count of four.",
                "Atmen Sie durch die Nase ein und zählen Sie bis vier.",
            ),
            T(
                "Breathe out slowly for a count of six.",
                "Atmen Sie langsam aus und zählen Sie bis sechs.",
            ),
            T(
                "Repeat for three to five minutes. If you feel dizzy, breathe normally.",
                "Wiederholen Sie das drei bis fünf Minuten lang. Wenn Ihnen schwindlig wird, atmen Sie normal weiter.",
            ),
        ),
    ),
    Exercise(
        "walk-outside",
        "activity",
        20,
        T("A walk outside", "Ein Spaziergang draußen"),
        T(
            "Moving your body, especially outdoors, is one of the simplest things that can lift "
            "mood a little.",
            "Bewegung, besonders draußen, gehört zu den einfachsten Dingen, die die Stimmung ein "
            "wenig heben können.",
        ),
        (
            T(
                "Choose a time and a short route. Ten to twenty minutes is enough.",
                "Wählen Sie eine Zeit und einen kurzen Weg. Zehn bis zwanzig Minuten genügen.",
            ),
            T(
                "While walking, notice three things you have not noticed before.",
                "Achten Sie beim Gehen auf drei Dinge, die Ihnen bisher nicht aufgefallen sind.",
            ),
            T(
                "Afterwards, note how your body and mood feel.",
                "Notieren Sie danach, wie sich Körper und Stimmung anfühlen.",
            ),
        ),
        (
            Prompt(
                "noticed",
                T("What I noticed, and how I felt", "Was mir auffiel und wie ich mich fühlte"),
            ),
        ),
    ),
    Exercise(
        "wind-down",
        "sleep",
        10,
        T("A wind-down routine", "Ein Abendritual"),
        T(
            "Regular times and a calm last hour help sleep. Plan tonight's wind-down.",
            "Feste Zeiten und eine ruhige letzte Stunde helfen beim Schlafen. Planen Sie Ihren "
            "Abend.",
        ),
        (
            T(
                "Keep the same time to get up, also at the weekend.",
                "Stehen Sie jeden Tag zur gleichen Zeit auf, auch am Wochenende.",
            ),
            T(
                "In the last hour, dim the lights and put screens away.",
                "Dimmen Sie in der letzten Stunde das Licht und legen Sie Bildschirme weg.",
            ),
            T(
                "If you lie awake for a long time, get up, do something calm in dim light and go "
                "back when sleepy.",
                "Wenn Sie lange wach liegen, stehen Sie auf, tun Sie bei gedämpftem Licht etwas "
                "Ruhiges und gehen Sie zurück, wenn Sie müde sind.",
            ),
        ),
        (Prompt("plan", T("My routine for tonight", "Mein Ritual für heute Abend")),),
    ),
    Exercise(
        "creative-expression",
        "creative",
        15,
        T("Make something", "Etwas gestalten"),
        T(
            "Drawing, music, writing or crafts give feelings a shape without needing words.",
            "Zeichnen, Musik, Schreiben oder Handarbeit geben Gefühlen eine Form, auch ohne Worte.",
        ),
        (
            T(
                "Pick any medium you have at hand. Skill does not matter.",
                "Nehmen Sie, was gerade da ist. Können spielt keine Rolle.",
            ),
            T(
                "Spend fifteen minutes making something about how today feels.",
                "Gestalten Sie fünfzehn Minuten lang etwas dazu, wie sich der Tag anfühlt.",
            ),
            T(
                "Look at it and write one sentence about it.",
                "Betrachten Sie es und schreiben Sie einen Satz dazu.",
            ),
        ),
        (
            Prompt(
                "sentence",
                T("One sentence about what I made", "Ein Satz zu dem, was ich gestaltet habe"),
            ),
        ),
    ),
    Exercise(
        "three-good-things",
        "journaling",
        5,
        T("Three good things", "Drei gute Dinge"),
        T(
            "Depression filters out the good. Writing down small good things trains attention "
            "back.",
            "Depression filtert das Gute heraus. Kleine gute Dinge aufzuschreiben lenkt die "
            "Aufmerksamkeit zurück.",
        ),
        (
            T(
                "Before bed, write three things that went well today, however small.",
                "Schreiben Sie vor dem Schlafengehen drei Dinge auf, die heute gut waren, auch kleine.",
            ),
            T(
                "For each, add why it happened or what you did.",
                "Ergänzen Sie bei jedem, warum es geschah oder was Sie dazu beigetragen haben.",
            ),
        ),
        (
            Prompt("first", T("First", "Erstens"), long=False),
            Prompt("second", T("Second", "Zweitens"), long=False),
            Prompt("third", T("Third", "Drittens"), long=False),
        ),
    ),
    Exercise(
        "kind-letter",
        "journaling",
        15,
        T("A kind letter to yourself", "Ein freundlicher Brief an sich selbst"),
        T(
            "Write to yourself the way a caring friend would, about something that is hard.",
            "Schreiben Sie sich selbst so, wie es ein wohlwollender Freund täte, über etwas, "
            "das schwer ist.",
        ),
        (
            T("Name what is hard right now.", "Benennen Sie, was gerade schwer ist."),
            T(
                "Remind yourself that many people struggle in similar ways.",
                "Erinnern Sie sich daran, dass viele Menschen Ähnliches erleben.",
            ),
            T(
                "Write what you would say to a friend in your place.",
                "Schreiben Sie, was Sie einem Freund in Ihrer Lage sagen würden.",
            ),
        ),
        (Prompt("letter", T("My letter", "Mein Brief")),),
    ),
)

BY_SLUG = {exercise.slug: exercise for exercise in EXERCISES}


def exercise(slug: str) -> Exercise | None:
    return BY_SLUG.get(slug)


def choices() -> list[tuple[str, str]]:
    return [(e.slug, f"{e.title.en} ({e.approach_label})") for e in EXERCISES]
