"""How the server fills and renames fields: facts the emulator's generic layer reads.

The official export describes shapes, not behaviour. What a stateful server
does with a request (which response field a request field lands in, which
initial value a field takes when the client leaves it out, which rules the
prose of a field states) is declared here once, as ``x-devin-*`` extensions
and standard keywords merged into the component schemas of api/openapi.json.
The emulator's generic create/update path (emulator/src/generic.cpp) and the
round-trip tests (tests/emulator/test_roundtrip.py) read them; nothing is
special-cased per handler.

Extensions:
  x-devin-response-field   on a request property: where its value is read back.
                           "name"                      a rename
                           {"field": f, "lookup": p}   the item of collection p
                                                       (a path template) whose id
                                                       is the value, shaped to f
                           {"field": f, "relation": r} kept in the emulator's
                                                       relation store (roles)
  x-devin-write-only       on a request property: accepted, never read back
                           (secret values, impersonation ids).
  x-devin-derived          on a response property: computed from other fields
                           by the named rule of emulator/src/generic.cpp.
  x-devin-server-default   on a response property: the server's initial value
                           of a required, non-nullable field the client may set
                           but did not.

Keywords (rules the official descriptions state in prose):
  pattern                  playbook macro: "!" then letters, digits, "_" or "-".
  format: cron             schedule frequency: a 5-field cron expression.
"""
from __future__ import annotations

MACRO_PATTERN = "^![A-Za-z0-9_-]+$"

PLAYBOOKS = "/v3/organizations/{org_id}/playbooks"
ROLE = {"field": "role_assignments", "relation": "role"}

# (component, property) -> keys merged into that property's schema.
PROPERTY_FACTS: dict = {
    # secrets: the request's `type` is read back as `secret_type`; the value never is.
    ("SecretCreateRequest", "type"): {"x-devin-response-field": "secret_type"},
    ("SecretCreateRequest", "value"): {"x-devin-write-only": True},
    # schedules: `playbook_id` is read back as the playbook {playbook_id, title}.
    ("ScheduleCreateRequest", "playbook_id"): {
        "x-devin-response-field": {"field": "playbook", "lookup": PLAYBOOKS}},
    ("ScheduleUpdateRequest", "playbook_id"): {
        "x-devin-response-field": {"field": "playbook", "lookup": PLAYBOOKS}},
    ("ScheduleCreateRequest", "create_as_user_id"): {"x-devin-write-only": True},
    ("ScheduleUpdateRequest", "run_as_user_id"): {"x-devin-write-only": True},
    ("ScheduleCreateRequest", "frequency"): {"format": "cron"},
    ("ScheduleUpdateRequest", "frequency"): {"format": "cron"},
    ("ScheduleResponse", "frequency"): {"format": "cron"},
    # A new schedule runs: it is created enabled.
    ("ScheduleResponse", "enabled"): {"x-devin-server-default": True},
    # knowledge: a new note is enabled unless the client says otherwise.
    ("KnowledgeNoteResponse", "is_enabled"): {"x-devin-server-default": True},
    # knowledge: a note's folder_path is its folder's path ("/" at the root).
    ("KnowledgeNoteResponse", "folder_path"): {"x-devin-derived": "folder_path"},
    # playbooks: the documented macro form.
    ("PlaybookCreateRequest", "macro"): {"pattern": MACRO_PATTERN},
    # bulk bodies of names: each name is read back as one item's key field.
    ("IdpGroupsBulkCreateRequest", "idp_group_names"): {
        "x-devin-response-field": "idp_group_name"},
    ("UserBulkCreateRequest", "emails"): {"x-devin-response-field": "email"},
    # blueprints: the YAML is read through its own contents endpoint, not the list.
    ("BlueprintCreateRequest", "contents"): {"x-devin-write-only": True},
    # tags: the default tag is read back as default_tag.
    ("DefaultTagRequest", "tag"): {"x-devin-response-field": "default_tag"},
    # role assignments: the role given is read back in role_assignments[].
    ("UserUpdateRoleRequest", "role_id"): {"x-devin-response-field": ROLE},
    ("ServiceUserUpdateRoleRequest", "role_id"): {"x-devin-response-field": ROLE},
    ("IdpGroupUpdateRoleRequest", "role_id"): {"x-devin-response-field": ROLE},
    ("UserBulkCreateRequest", "enterprise_role_id"): {"x-devin-response-field": ROLE},
    ("ServiceUserProvisionRequest", "role_id"): {"x-devin-response-field": ROLE},
    # read back as an absolute time: service_user.expires_at = creation + ttl_seconds
    ("ServiceUserProvisionRequest", "ttl_seconds"): {"x-devin-write-only": True},
}


def apply(components: dict) -> None:
    """Merges PROPERTY_FACTS into the component schemas (in place)."""
    for (comp, prop), extra in PROPERTY_FACTS.items():
        schema = components.get(comp)
        if schema is None:
            raise SystemExit(f"apidesc: emulation facts name unknown component {comp}")
        props = schema.get("properties", {})
        if prop not in props:
            raise SystemExit(f"apidesc: emulation facts name unknown property {comp}.{prop}")
        props[prop].update(extra)
