"""What people say, as data: sentence templates read with hassil, and what is built from them.

- ``grammar``: loads ``skill/locale/<locale>/sentences/*.yaml`` plus the sentences and slot
  lists the content carries (FAQ sentences, step names, tip topics, conditions) into one hassil
  ``Intents``.
- ``model``: expands the templates into an Alexa interaction model (``model build``).
- ``rules``: Alexa's rules and limits for interaction models, checked on every build.
- ``recognizer``: recognises a typed sentence with hassil over the same templates (``chat``).

Build-time and console code only: the Lambda bundle and the web service never import it (they
need neither hassil nor PyYAML).
"""
