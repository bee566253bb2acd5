"""Rules permissions (package ``rules``), registered when Django starts (AutodiscoverRulesConfig).

- ``motcua.<action>_unit_object`` for every Action, e.g. ``motcua.view_unit_object``,
  ``motcua.receive_unit_object``: ``user.has_perm(name, obj)``; without ``obj``: "anywhere?".
- ``motcua.act_on_unit_object``: any action that changes something (not view, not monitor).
- ``motcua.own_object``: the object's owner/applicant is the user.
- Django admin permissions of the organisation and account models, granted to administrators
  within their reach (model-level checks ask "an administrator anywhere?").
"""

import rules

from .permissions import allows, is_owner
from .policy import ACTING_ACTIONS, Action


def _action_predicate(action: Action):
    def check(user, obj=None):
        return allows(user, action, obj)

    return rules.predicate(check, name=f"may_{action}")


def _acts_on(user, obj=None):
    return any(allows(user, action, obj) for action in ACTING_ACTIONS)


for _action in Action:
    rules.add_perm(f"motcua.{_action}_unit_object", _action_predicate(_action))
rules.add_perm("motcua.act_on_unit_object", rules.predicate(_acts_on, name="acts_on_unit_object"))
rules.add_perm("motcua.own_object", rules.predicate(is_owner, name="owns_object"))

_administers = _action_predicate(Action.ADMINISTER)
ADMIN_MODELS = {
    "organizations": {"unit": "view add change delete", "centre": "view add change delete",
                      "counter": "view add change delete", "province": "view change"},
    "accounts": {"user": "view add change delete", "roleassignment": "view add change delete"},
}
for _app, _models in ADMIN_MODELS.items():
    rules.add_perm(_app, _administers)  # has_module_perms: the app appears in the admin index
    for _model, _verbs in _models.items():
        for _verb in _verbs.split():
            rules.add_perm(f"{_app}.{_verb}_{_model}", _administers)
