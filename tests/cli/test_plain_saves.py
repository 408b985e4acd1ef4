"""Plain mode keeps the game (issue 13): `q` saves and quits, `--continue` comes back to the
same scene, save/load by slot in the full-screen game's store, endings count in the gallery,
undo, help, and a damaged or newer save is a message, never a traceback."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from iss_adventure.engine.datadirs import story_data_dir
from iss_adventure.engine.loader import load_story
from iss_adventure.engine.model import Story
from iss_adventure.engine.profile import Profile
from iss_adventure.engine.saves import SaveStore
from iss_adventure.plain import Keeper, PlainGame

DEMO = Path(__file__).parent.parent / "fixtures" / "demo"
TO_HOME = ["1", "1", "2", "2", "1"]  # knock, read, radio, leave (to the truss), hold on


def play(story: Story, home: Path, *lines: str, width: int = 78) -> tuple[PlainGame, str]:
    """Play the lines in a fresh game that keeps its saves in `home`; (game, what it printed)."""
    out = io.StringIO()
    game = PlainGame(story, out, io.StringIO("".join(f"{line}\n" for line in lines)),
                     width=width, keeper=Keeper(story, home))
    game.run(game.machine.new_game(7))
    return game, out.getvalue()


def resume(story: Story, home: Path, *lines: str) -> tuple[PlainGame, str]:
    """As `--continue` does: the newest save, else a new game."""
    out = io.StringIO()
    keeper = Keeper(story, home)
    game = PlainGame(story, out, io.StringIO("".join(f"{line}\n" for line in lines)),
                     width=78, keeper=keeper)
    slot = keeper.latest()
    loaded = keeper.load(slot) if slot else None
    game.run(loaded.state if loaded else game.machine.new_game(7))
    return game, out.getvalue()


def run(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "iss_adventure", "play", "--plain",
                           "--story", str(DEMO), *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


def test_q_saves_and_continue_resumes_at_the_same_scene() -> None:
    first = run("--seed", "3", stdin="1\n1\nq\n")
    assert first.returncode == 0 and "Traceback" not in first.stderr
    assert "Your game is saved." in first.stdout
    assert "iss-adventure play --plain --continue" in first.stdout
    again = run("--continue", stdin="trust\n")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert "You continue the game kept in the autosave." in again.stdout
    # the module after reading the laptop: the laptop choice is used up, radio is open
    scene = again.stdout.split("== Act 1: One · The Module ==")[1]
    assert "Read the laptop" not in scene.split("Your choice")[0]
    assert "1. Talk to Anna." in scene and "2. Radio Boris what you read." in scene
    assert "Choice 2 in The Module: Read the laptop." in again.stdout


def test_continue_without_a_save_says_so_and_starts_anew() -> None:
    result = run("--continue", stdin="")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "There is no saved game to continue, so a new game starts." in result.stdout
    assert "The Hatch" in result.stdout


def test_the_plain_save_is_the_full_screen_games_save(story: Story, tmp_path: Path) -> None:
    game, out = play(story, tmp_path, "1", "save 4", "q")
    assert "Saved to slot 4: The Module." in out
    store = SaveStore(story_data_dir(tmp_path, story.id))  # where tui/game/ looks
    assert store.load("4", story).state == game.state
    assert store.load("auto", story).state == game.state  # q saved the autosave
    assert store.latest() is not None


def test_save_and_load_by_slot_and_list_them(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "1", "save quick", "1", "saves", "load quick", "look")
    assert "Saved to the quick slot: The Module." in out
    assert "Quicksave: The Module, act 1, 1 choice," in out
    assert "Autosave: The Module, act 1, 2 choices," in out
    assert "Loaded the quick slot." in out
    after_load = out.split("Loaded the quick slot.")[1]
    assert "1. Read the laptop." in after_load  # back before reading it


def test_save_and_load_without_a_slot_say_what_to_type(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "save", "save 12", "load", "load 5")
    assert "Type save and a slot: a number from 1 to 9, or quick." in out
    assert "There is no slot '12'." in out
    assert "Type load and a slot: a number from 1 to 9, quick or auto." in out
    assert "Cannot load Slot 5: there is no save in this slot." in out


def test_a_damaged_or_newer_save_is_a_message(story: Story, tmp_path: Path) -> None:
    folder = story_data_dir(tmp_path, story.id)
    folder.mkdir(parents=True)
    (folder / "save-2.json").write_text('{"format": 1, "story": ')
    (folder / "save-3.json").write_text('{"format": 99}')
    _, out = play(story, tmp_path, "load 2", "load 3", "saves")
    assert "Cannot load Slot 2: the file is cut short: it was damaged." in out
    assert "Cannot load Slot 3: this save was made by a newer version" in out
    assert "Slot 2: cannot be used: The file is cut short" in out
    assert "Traceback" not in out


def test_continue_past_damaged_saves_names_them(story: Story, tmp_path: Path) -> None:
    folder = story_data_dir(tmp_path, story.id)
    folder.mkdir(parents=True)
    (folder / "save-auto.json").write_bytes(b"\x00\xff garbage")
    _, out = resume(story, tmp_path)
    out = " ".join(out.split())  # as a screen reader reads it: the wrapping left out
    assert "There is no saved game to continue, so a new game starts." in out
    assert "Autosave cannot be used: The file holds binary data, not a save." in out
    assert "Autosave could not be read, so it was kept as save-auto.json.unreadable" in out


def test_a_save_from_an_edited_story_replays_as_far_as_it_fits(story: Story,
                                                              tmp_path: Path) -> None:
    play(story, tmp_path, "1", "1", "save 1")
    path = story_data_dir(tmp_path, story.id) / "save-1.json"
    path.write_text(path.read_text().replace('"read"', '"gone"').replace(
        f'"{story.fingerprint}"', '"another"'))
    game, out = play(story, tmp_path, "load 1")
    out = " ".join(out.split())
    assert "The story has changed since this save, so it was replayed as far as it still " \
           "fits: after 1 of 2 choices" in out
    assert game.state.turn == 1


def test_endings_count_in_the_gallery(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, *TO_HOME, "endings")
    assert "*** THE END: Home ***\nThe home ending.\n(A hopeful ending, after " in out
    assert "Endings: 1 of 3 found, in every game so far." in out
    assert "Home (hopeful), reached once: The home ending." in out
    assert Profile.load(story_data_dir(tmp_path, story.id)).times_reached("home") == 1
    _, out = play(story, tmp_path, *TO_HOME, "endings")
    assert "Home (hopeful), reached 2 times" in out


def test_the_ending_says_what_to_type_and_new_starts_again(story: Story,
                                                           tmp_path: Path) -> None:
    game, out = play(story, tmp_path, *TO_HOME, "9", "new")
    assert "Type new to play again, undo to go back, help for more, or q to quit." in out
    assert "What next? Type new, undo, help or q: " in out
    assert game.state.turn == 0


def test_undo_and_redo(story: Story, tmp_path: Path) -> None:
    game, out = play(story, tmp_path, "1", "1", "u", "u", "undo", "redo")
    assert "You are back at choice 1, in The Hatch." in out
    assert "There is nothing to undo: this is the first scene." in out
    assert "You are back at choice 2, in The Module." in out
    assert game.state.turn == 1
    assert SaveStore(story_data_dir(tmp_path, story.id)).load("auto", story).state.turn == 1


def test_new_in_the_middle_asks_first(story: Story, tmp_path: Path) -> None:
    game, out = play(story, tmp_path, "1", "new", "no")
    assert "Start again from the beginning?" in out and "Type yes or no: " in out
    assert "You go on where you are." in out and game.state.turn == 1
    game, _ = play(story, tmp_path, "1", "new", "yes")
    assert game.state.turn == 0


def test_a_long_prompt_wraps_at_words_and_waits_on_its_last_line(story: Story,
                                                                 tmp_path: Path) -> None:
    """The terminal broke a prompt longer than the line mid-word ("saved it t / o.")."""
    _, out = play(story, tmp_path, "1", "new", "no", width=40)
    asked = out[out.index("Start again"):out.index("Type yes or no: ") + len("Type yes or no: ")]
    assert "\n" in asked and all(len(line) <= 38 for line in asked.split("\n"))
    assert asked.replace("\n", " ") == ("Start again from the beginning? This game stays only "
                                        "in the slots you saved it to. Type yes or no: ")


def test_help_lists_every_command(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "help")
    for command in ("a number:", "look:", "undo, or u:", "redo, or r:", "trust, or t:",
                    "save 1 to save 9, or save quick:", "load 1 to load 9", "saves:",
                    "endings:", "read 1, read 2", "new:", "help, or h:", "q: save and quit"):
        assert command in out


def test_trust_shows_who_moved_it_and_where(story: Story, tmp_path: Path) -> None:
    """The overview the full-screen game shows (tests/tui/test_relationships.py), in words."""
    _, out = play(story, tmp_path, "1", "1", "t")
    assert "Relationships, after 2 choices.\nCrew: trust, role\n" in out
    assert "  Anna Ivanova  2 of 3  up from 1  Engineer · Roscosmos\n" in out  # one line
    assert "What you know and carry\n  You know the secret  yes    was no\n" in out
    assert "The choices that changed them\n  Choice 1 in The Hatch: Knock twice.\n" \
        "    Anna trusts you more (1 → 2).\n    The mood: calm → tense.\n" in out
    assert "  Choice 2 in The Module: Read the laptop.\n" in out
    assert "■" not in out and "▲" not in out  # bars and arrows are said in words


def test_trust_names_what_no_choice_moved_once(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "t")
    assert "  Anna Ivanova  1 of 3  Engineer · Roscosmos\n" in out
    assert out.count("No choice has changed any of this yet.") == 1


def test_a_trust_row_that_wraps_goes_on_under_its_last_column(story: Story,
                                                              tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "t", width=40)
    row = next(line for line in out.splitlines() if line.startswith("  Anna Ivanova"))
    after = out.splitlines()[out.splitlines().index(row) + 1]
    assert row.rstrip().endswith("Engineer ·") and after.strip() == "Roscosmos"
    assert after.index("Roscosmos") == row.index("Engineer")  # not back at the margin


def test_screen_reader_friendly(story: Story, tmp_path: Path) -> None:
    """No cursor movement, no colour, and every prompt says what to type."""
    asked: list[str] = []

    class Recording(PlainGame):
        def prompt(self, text: str) -> str | None:
            asked.append(text)
            return super().prompt(text)

    out = io.StringIO()
    game = Recording(story, out, io.StringIO("1\nnew\nno\n" + "\n".join(TO_HOME[1:]) + "\nq\n"),
                     width=78, keeper=Keeper(story, tmp_path))
    game.run(game.machine.new_game(7))
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()
    assert len(asked) == 8
    for text in asked:
        assert "1 to " in text or "Type yes or no" in text or "Type new, undo, help or q" in text


def test_locked_reasons_wrap_at_word_boundaries(tmp_path: Path) -> None:
    root = tmp_path / "story"
    shutil.copytree(DEMO, root)
    reason = "Boris is not watching, and he will not until you have earned it twice over."
    truss = root / "a" / "truss.yaml"
    truss.write_text(truss.read_text().replace("locked: Boris is not watching.",
                                               f"locked: {reason}"))
    story = load_story(root)
    out = io.StringIO()
    game = PlainGame(story, out, io.StringIO(""), width=34)
    state = game.machine.new_game()
    for choice in ("knock", "read", "leave"):
        state = game.machine.choose(state, choice)
    game.show_scene(state)
    lines = out.getvalue().splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("  2. (locked)"))
    item = lines[at:at + 4]
    assert all(len(line) <= 32 for line in item)
    assert all(line.startswith("     ") and not line.startswith("      ") for line in item[1:])
    words = " ".join(line.strip() for line in item).split()
    assert words == f"2. (locked) Let go. [{reason}]".split()  # no word split in two


def test_a_new_game_leaves_the_last_one_until_its_first_choice() -> None:
    run("--seed", "3", stdin="1\n1\nq\n")
    fresh = run(stdin="q\n")
    flat = " ".join(fresh.stdout.split())
    assert "Your last game is kept in the autosave (The Module, 2 choices). To go back to " \
           "it, type: load auto." in flat
    assert "your last game is kept as it was" in flat
    back = run("--continue", stdin="")
    assert "Read the laptop" not in back.stdout.split("The Module ==")[1]  # still 2 choices in
    run(stdin="2\n")  # a choice in a new game: the autosave is now this one
    assert "The Hatch" in run("--continue", stdin="undo\n").stdout


def test_read_an_ending_again(story: Story, tmp_path: Path) -> None:
    _, out = play(story, tmp_path, "read 1")
    assert "You have not found an ending yet." in out
    play(story, tmp_path, *TO_HOME)
    _, out = play(story, tmp_path, "endings", "read 1", "read 2")
    assert "1. Home (hopeful), reached once" in out
    assert "To read an ending's epilogue again, type read and its number" in out
    assert "*** Home (hopeful) ***\n\nIt ends, home.\n\nThe end: The home ending." in out
    assert "Type read and the number of an ending you found, from 1 to 1." in out


def test_a_soft_lock_is_said_once_and_undo_gets_out(tmp_path: Path) -> None:
    root = tmp_path / "story"
    shutil.copytree(DEMO, root)
    hatch = root / "a" / "hatch.yaml"  # "No" leads to a scene whose only way on is locked
    hatch.write_text(hatch.read_text().replace("  - id: \"no\"\n    text: No\n    goto: a/module",
                                               "  - id: \"no\"\n    text: No\n    goto: a/stuck"))
    (root / "a" / "stuck.yaml").write_text(
        "title: Stuck\nact: 1\nlocation: Unity\ntext: Nothing moves.\nchoices:\n"
        "  - {id: go, text: Go., if: trust.anna >= 3, goto: a/module}\n")
    story = load_story(root)
    game, out = play(story, tmp_path / "home", "2", "x", "1", "undo")
    assert out.count("Every way forward is locked here") == 1
    assert "That choice is locked: Needs Anna's trust 3 (you have 1)" in out
    assert game.state.turn == 0


def test_a_console_playthrough_continued_in_plain_mode_counts_nowhere(
        tmp_path: Path, walk) -> None:
    story = load_story(DEMO)
    module = walk(story, "knock")[-1]  # read, talk, radio (locked), leave: to the quiet end
    for dev, home in ((True, tmp_path / "dev"), (False, tmp_path / "plain")):
        directory = story_data_dir(home, "demo")
        SaveStore(directory).save("auto", story, module, 5.0, datetime(2031, 5, 4), dev=dev)
        game, _ = resume(story, home, "4", "q")
        assert story.scenes[game.state.scene].ending is not None
        endings = Profile.load(directory).endings
        assert (endings == {}) is dev, endings
        assert SaveStore(directory).load("auto", story).info.dev is dev


def test_continue_says_the_game_it_reopens_has_ended(story: Story, tmp_path: Path) -> None:
    """`--continue` on a game that reached an ending says so, as the title's Continue and the
    saves list do ("ended: Quiet"); `saves` lists it so too."""
    play(story, tmp_path, "2", "3", "q")  # no, then leave: the quiet ending
    keeper = Keeper(story, tmp_path)
    loaded = keeper.resume()
    assert loaded is not None and loaded.info.ending == "Quiet"
    assert keeper.messages[0] == "You continue the game kept in the autosave (ended: Quiet)."
    assert keeper.listing()[0].startswith("Autosave: ended: Quiet, act 2, 2 choices")


def test_continue_from_the_command_line_names_the_ending() -> None:
    first = run(stdin="2\n3\nq\n")
    assert "THE END: Quiet" in first.stdout
    again = run("--continue", stdin="q\n")
    assert "You continue the game kept in the autosave (ended: Quiet)." in again.stdout
