"""Speech output and key navigation (EN 301 549 chapter 5, closed functionality).

- ``words``: every phrase the terminal says that is not a screen's own text (one place, translated
  with ``bms_kiosk.i18n.tr``);
- ``utterance``: what is said, built from parts marked personal or not (Qt-free);
- ``engine``, ``voice``: QTextToSpeech (speech-dispatcher + espeak-ng) in a process of its own, with a watchdog;
- ``speaker``: the one voice: on/off, headset, rate, volume, "répéter", and the record of what was said;
- ``reading``: a screen's texts and actionable widgets in reading order;
- ``navigation``: the keypad's keys move a large visible focus and activate it;
- ``integration``: wires them into a built kiosk.
"""
