"""Hand-written component schemas for the operations the official export does
not cover (sessions, attachments, metrics, consumption, PR reviews, beta
groups, ...). They follow the facts in /work/shared/api (catalogue.md,
endpoints.json); where a fact was vague the choice is noted in the schema's
``x-devin-note``.

Helpers keep the tables short:
  s(...)      a scalar schema          ref(name)   a $ref
  arr(x)      an array of x            nul(x)      x, nullable
  obj(props, required)                 page(name)  PaginatedResponse_<name>_
"""
from __future__ import annotations

import copy


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def s(kind: str, **kw) -> dict:
    out = {"type": kind}
    out.update(kw)
    return out


STR, INT, NUM, BOOL = "string", "integer", "number", "boolean"


def arr(item: dict, **kw) -> dict:
    out = {"type": "array", "items": item}
    out.update(kw)
    return out


def nul(x: dict) -> dict:
    """Nullable form of x (3.0.3 style); $refs are wrapped in allOf."""
    if "$ref" in x:
        return {"allOf": [x], "nullable": True}
    out = copy.deepcopy(x)
    out["nullable"] = True
    return out


def obj(props: dict, required=(), **kw) -> dict:
    out = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    out.update(kw)
    return out


def any_object(**kw) -> dict:
    out = {"type": "object", "additionalProperties": True}
    out.update(kw)
    return out


def desc(x: dict, text: str) -> dict:
    out = copy.deepcopy(x)
    out["description"] = text
    return out


UNIX = "Unix time in seconds."

# ---------------------------------------------------------------- enums
SESSION_STATUS = ["new", "claimed", "running", "exit", "error", "suspended", "resuming"]
STATUS_DETAIL = ["working", "waiting_for_user", "waiting_for_approval", "finished",
                 "inactivity", "user_request", "usage_limit_exceeded", "out_of_credits",
                 "out_of_quota", "no_quota_allocation", "payment_declined",
                 "org_usage_limit_exceeded", "total_session_limit_exceeded", "error"]
ORIGIN = ["webapp", "slack", "teams", "api", "linear", "jira", "automation", "cli",
          "desktop", "other"]
ORIGIN_FILTER = ["webapp", "slack", "teams", "api", "linear", "jira", "scheduled",
                 "automation", "cli", "desktop", "other"]
CATEGORY = ["bug_fixing", "ci_cd_and_devops", "code_quality_and_security",
            "code_review_and_analysis", "data_and_automation", "documentation_and_content",
            "feature_development", "migrations_and_upgrades", "other",
            "refactoring_and_optimization", "research_and_exploration", "unit_test_generation"]
SIZES = ["xs", "s", "m", "l", "xl"]

ACUS_BY_PRODUCT = obj({
    "devin": s(NUM), "cascade": s(NUM), "terminal": s(NUM), "review": s(NUM),
}, ["devin", "cascade", "terminal"], additionalProperties=s(NUM),
    description="ACUs per product; `review` appears only in newer data.")

REPO_INDEX_JOB = obj({
    "job_id": s(STR), "commit": s(STR), "created_at": s(INT, description=UNIX),
    "status": s(STR, enum=["failed", "completed", "in_progress"]),
    "branch_name": nul(s(STR)),
}, ["job_id", "commit", "created_at", "status", "branch_name"])

API_KEY = obj({
    "api_key_id": s(STR), "api_key_name": s(STR),
    "created_at": s(INT, description=UNIX), "expires_at": nul(s(INT)),
    "is_active": s(BOOL), "last_used_at": nul(s(INT)), "revoked_at": nul(s(INT)),
}, ["api_key_id", "api_key_name", "created_at", "expires_at", "is_active",
    "last_used_at", "revoked_at"])

SESSION_PROPS = {
    "session_id": s(STR, description="Session id, `devin-…`.", example="devin-abc123def456"),
    "url": s(STR, description="Link to the session in the web app."),
    "status": ref("SessionStatus"),
    "status_detail": nul(ref("SessionStatusDetail")),
    "tags": arr(s(STR)),
    "org_id": s(STR),
    "created_at": s(INT, description=UNIX),
    "updated_at": s(INT, description=UNIX),
    "acus_consumed": s(NUM),
    "pull_requests": arr(ref("SessionPullRequest")),
    "title": nul(s(STR)),
    "user_id": nul(s(STR)),
    "service_user_id": nul(s(STR)),
    "playbook_id": nul(s(STR)),
    "parent_session_id": nul(s(STR)),
    "child_session_ids": nul(arr(s(STR))),
    "is_archived": s(BOOL, default=False),
    "structured_output": nul(any_object()),
    "origin": nul(ref("SessionOrigin")),
    "category": nul(ref("SessionCategory")),
    "subcategory": nul(s(STR)),
}
SESSION_REQUIRED = ["session_id", "url", "status", "tags", "org_id", "created_at",
                    "updated_at", "acus_consumed", "pull_requests"]

INSIGHT_PROPS = dict(SESSION_PROPS)
INSIGHT_PROPS.update({
    "num_user_messages": s(INT),
    "num_devin_messages": s(INT),
    "session_size": ref("SessionSize"),
    "analysis": nul(ref("SessionAnalysis")),
})

TIME_WINDOW_NOTE = "Counts cover the window given by time_after/time_before."

COMPONENTS: dict = {
    # ------------------------------------------------------------ errors
    "ProblemDetail": obj({
        "type": s(STR, description="URI reference naming the problem type."),
        "title": s(STR, description="Short summary of the problem."),
        "status": s(INT, description="HTTP status code."),
        "detail": nul(s(STR)),
        "instance": s(STR, description="Path of the request that failed."),
        "errors": arr(any_object(), description="Field-level failures (422 only)."),
    }, ["title", "status"], description="RFC 9457 problem details body."),
    "ValidationError": obj({
        "loc": arr({"oneOf": [s(STR), s(INT)]}),
        "msg": s(STR),
        "type": s(STR),
        "input": {"description": "The offending input, when echoed."},
        "ctx": any_object(),
    }, ["loc", "msg", "type"]),
    "HTTPValidationError": obj({"detail": arr(ref("ValidationError"))},
                               description="Legacy FastAPI validation error body."),
    # ---------------------------------------------------------- sessions
    "SessionStatus": s(STR, enum=SESSION_STATUS, description="Lifecycle state of a session."),
    "SessionStatusDetail": s(STR, enum=STATUS_DETAIL,
                             description="Finer state while running or suspended."),
    "SessionOrigin": s(STR, enum=ORIGIN, description="Where the session was started."),
    "SessionOriginFilter": s(STR, enum=ORIGIN_FILTER,
                             description="Origin values accepted by list filters."),
    "SessionCategory": s(STR, enum=CATEGORY),
    "SessionSize": s(STR, enum=SIZES),
    "SessionPullRequest": obj({"pr_url": s(STR), "pr_state": nul(s(STR))},
                              ["pr_url", "pr_state"]),
    "SessionResponse": obj(SESSION_PROPS, SESSION_REQUIRED,
                           description="A Devin session."),
    "SessionInsightsResponse": obj(INSIGHT_PROPS, SESSION_REQUIRED,
                                   description="A session together with its computed insights."),
    "SessionAnalysis": obj({
        "classification": ref("SessionClassification"),
        "issues": arr(ref("SessionIssue")),
        "action_items": arr(ref("SessionActionItem")),
        "timeline": arr(ref("SessionTimelineEntry")),
        "suggested_prompt": nul(ref("SuggestedPrompt")),
        "note_usage": nul(ref("NoteUsage")),
    }),
    "SessionClassification": obj({
        "category": s(STR), "confidence": s(NUM),
        "programming_languages": arr(s(STR)), "tools_and_frameworks": arr(s(STR)),
    }),
    "SessionIssue": obj({"id": s(STR), "issue": s(STR), "label": s(STR), "impact": s(STR)},
                        ["issue", "label", "impact"]),
    "SessionActionItem": obj({
        "action_item": s(STR), "issue_id": nul(s(STR)),
        "type": s(STR, enum=["machine_setup", "repo_config", "knowledge",
                             "prompt_improvement", "other"]),
    }, ["action_item"]),
    "SessionTimelineEntry": obj({
        "title": s(STR), "description": s(STR), "color": nul(s(STR)), "issue_id": nul(s(STR)),
    }, ["title", "description"]),
    "SuggestedPrompt": obj({
        "original_prompt": s(STR), "suggested_prompt": s(STR),
        "feedback_items": arr(ref("PromptFeedbackItem")),
    }),
    "PromptFeedbackItem": obj({
        "summary": s(STR), "details": s(STR), "excerpt": s(STR), "issue_id": nul(s(STR)),
    }, ["summary", "details", "excerpt"]),
    "NoteUsage": obj({"good_usages": arr(ref("NoteUsageItem")),
                      "bad_usages": arr(ref("NoteUsageItem"))}),
    "NoteUsageItem": obj({"note_id": s(STR), "message": s(STR), "reason": s(STR)},
                         ["note_id", "message", "reason"]),
    "SessionMessage": obj({
        "event_id": s(STR), "message": s(STR),
        "source": s(STR, enum=["devin", "user"]),
        "created_at": s(INT, description=UNIX),
    }, ["event_id", "message", "source", "created_at"]),
    "SessionAttachment": obj({
        "attachment_id": s(STR), "name": s(STR),
        "source": s(STR, enum=["devin", "user"]),
        "url": s(STR), "content_type": nul(s(STR)),
    }, ["attachment_id", "name", "source", "url"]),
    "SessionTags": obj({"tags": arr(s(STR))}, ["tags"]),
    "SessionTagsRequest": obj({"tags": arr(s(STR), maxItems=50,
                                           description="At most 50 tags.")}, ["tags"]),
    "SessionSecretInput": obj({
        "key": s(STR, minLength=1, maxLength=256),
        "value": s(STR, maxLength=65536),
        "sensitive": s(BOOL, default=True),
    }, ["key", "value"]),
    "SessionCreateRequest": obj({
        "prompt": s(STR, description="The task for Devin."),
        "title": nul(s(STR)),
        "tags": nul(arr(s(STR))),
        "playbook_id": nul(s(STR)),
        "child_playbook_id": nul(s(STR)),
        "knowledge_ids": nul(arr(s(STR))),
        "secret_ids": nul(arr(s(STR))),
        "repos": nul(arr(s(STR))),
        "attachment_urls": nul(arr(s(STR, format="uri", minLength=1, maxLength=2083))),
        "session_links": nul(arr(s(STR))),
        "session_secrets": nul(arr(ref("SessionSecretInput"))),
        "max_acu_limit": nul(s(INT)),
        "create_as_user_id": nul(s(STR, description=(
            "Start the session on behalf of this user; needs ImpersonateOrgSessions."))),
        "bypass_approval": nul(s(BOOL)),
        "devin_mode": nul(s(STR, enum=["normal", "fast"])),
        "platform": nul(s(STR, description="Machine platform label, e.g. `windows`.")),
        "structured_output_schema": nul(any_object(description=(
            "Self-contained JSON Schema (draft 7, at most 64 KB) for the final output."))),
        "structured_output_required": nul(s(BOOL)),
        "advanced_mode": nul(s(STR, enum=["analyze", "create", "improve", "batch", "manage"],
                               deprecated=True,
                               description="Only in an older spec snapshot.")),
    }, ["prompt"]),
    "SessionMessageRequest": obj({
        "message": s(STR),
        "message_as_user_id": nul(s(STR)),
        "attachment_urls": nul(arr(s(STR))),
    }, ["message"]),
    "EnterpriseSessionMessageRequest": obj({
        "message": s(STR),
        "message_as_user_id": nul(s(STR)),
    }, ["message"]),
    "GenerateInsightsResponse": obj({
        "session_id": s(STR),
        "status": s(STR, enum=["started", "already_exists"]),
    }, ["session_id", "status"]),
    # ------------------------------------------------------- attachments
    "AttachmentResponse": obj({"attachment_id": s(STR), "name": s(STR), "url": s(STR)},
                              ["attachment_id", "name", "url"]),
    "AttachmentUploadRequest": obj({"file": s(STR, format="binary")}, ["file"]),
    # ------------------------------------------------------------- self
    "SelfResponse": obj({
        "principal_type": s(STR, enum=["service_user", "pat_user", "devin_brain",
                                       "windsurf_session"]),
        "org_id": nul(s(STR)),
        "service_user_id": s(STR, description="Set for service users."),
        "service_user_name": s(STR, description="Set for service users."),
    }, ["principal_type"], **{
        "x-devin-note": ("The API documents four principal variants; only the fields "
                         "known for them are modelled here, in one object.")}),
    # ------------------------------------------------------ consumption
    "AcusByProduct": ACUS_BY_PRODUCT,
    "ConsumptionByDate": obj({
        "date": s(INT, description="Start of the billing day (08:00 UTC), Unix seconds."),
        "acus": s(NUM),
        "acus_by_product": ref("AcusByProduct"),
    }, ["date", "acus"]),
    "ConsumptionResponse": obj({
        "total_acus": s(NUM),
        "consumption_by_date": arr(ref("ConsumptionByDate")),
    }, ["total_acus", "consumption_by_date"]),
    "ConsumptionCycle": obj({"after": s(INT, description=UNIX),
                             "before": s(INT, description=UNIX)}, ["after", "before"]),
    # ---------------------------------------------------------- metrics
    "ActiveUserMetricsResponse": obj({
        "active_users": s(INT), "start_time": s(INT, description=UNIX),
        "end_time": s(INT, description=UNIX),
    }, ["active_users", "start_time", "end_time"]),
    "PrMetricsResponse": obj({
        "prs_created_count": s(INT), "prs_opened_count": s(INT),
        "prs_merged_count": s(INT), "prs_closed_count": s(INT),
        "prs_taken_over_count": s(INT), "prs_taken_over_opened_count": s(INT),
        "prs_taken_over_merged_count": s(INT), "prs_taken_over_closed_count": s(INT),
    }, ["prs_created_count", "prs_opened_count", "prs_merged_count", "prs_closed_count"]),
    "SearchMetricsResponse": obj({"searches_created_count": s(INT)},
                                 ["searches_created_count"]),
    "SessionCountsByOrigin": obj({k: s(INT) for k in
                                  ["api", "automation", "desktop", "jira", "linear",
                                   "slack", "teams", "webapp"]}),
    "SessionCountsBySize": obj({k: s(INT) for k in SIZES}),
    "SessionMetricsResponse": obj({
        "avg_acus_per_session": s(NUM),
        "sessions_created_by_origin": ref("SessionCountsByOrigin"),
        "sessions_created_by_size": ref("SessionCountsBySize"),
        "sessions_created_count": s(INT),
        "sessions_created_with_playbook_count": s(INT),
        "sessions_created_with_search_count": s(INT),
        "sessions_with_merged_prs_by_size": ref("SessionCountsBySize"),
        "sessions_with_merged_prs_count": s(INT),
    }, ["avg_acus_per_session", "sessions_created_by_origin", "sessions_created_by_size",
        "sessions_created_count", "sessions_created_with_playbook_count",
        "sessions_created_with_search_count", "sessions_with_merged_prs_by_size",
        "sessions_with_merged_prs_count"]),
    "UsageMetricsResponse": obj({
        "prs_created_count": s(INT), "prs_merged_count": s(INT),
        "searches_count": s(INT), "sessions_count": s(INT),
    }, ["prs_created_count", "prs_merged_count", "searches_count", "sessions_count"]),
    "SessionSubcategoryMetrics": obj({
        "subcategory_id": nul(s(STR)), "display_name": s(STR),
        "sessions_count": s(INT), "acus": s(NUM),
    }, ["subcategory_id", "display_name", "sessions_count", "acus"]),
    "SessionCategoryMetrics": obj({
        "category": s(STR), "sessions_count": s(INT), "acus": s(NUM),
        "subcategories": arr(ref("SessionSubcategoryMetrics")),
    }, ["category", "sessions_count", "acus", "subcategories"]),
    "SessionMetricsByCategoryResponse": obj({
        "categories": arr(ref("SessionCategoryMetrics")),
    }, ["categories"]),
    "QueueResponse": obj({
        "queue_size": s(INT),
        "status": s(STR, enum=["normal", "elevated", "high"]),
    }, ["queue_size", "status"]),
    # ------------------------------------------------------- PR reviews
    "PrReviewRequest": obj({"pr_url": s(STR)}, ["pr_url"]),
    "PrReviewResponse": obj({
        "commit_sha": s(STR), "created_at": s(STR, format="date-time"),
        "pr_number": s(INT), "repo_path": s(STR),
        "status": s(STR, enum=["pending", "running", "completed", "errored"]),
    }, ["commit_sha", "created_at", "pr_number", "repo_path", "status"]),
    # ----------------------------------------------------- repositories
    "RepoIndexJob": REPO_INDEX_JOB,
    "RepoIndexingStatusResponse": obj({
        "indexing_enabled": s(BOOL),
        "latest_indexes": arr(ref("RepoIndexJob")),
        "latest_completed_search_index_job": nul(ref("RepoIndexJob")),
        "latest_completed_wiki_index_job": nul(ref("RepoIndexJob")),
    }, ["indexing_enabled", "latest_indexes", "latest_completed_search_index_job",
        "latest_completed_wiki_index_job"]),
    "RepositoryResponse": obj({
        "provider_repository_id": s(STR), "git_connection_id": s(STR),
        "git_connection_host": s(STR), "repo_name": s(STR), "repo_path": s(STR),
        "repo_description": nul(s(STR)), "repo_language": nul(s(STR)),
        "last_updated_at": s(INT, description=UNIX),
        "indexing_status": nul(ref("RepoIndexingStatusResponse")),
    }, ["provider_repository_id", "git_connection_id", "git_connection_host", "repo_name",
        "repo_path", "repo_description", "repo_language", "last_updated_at",
        "indexing_status"]),
    "RepositoryIndexingResponse": obj({
        "repository_path": s(STR), "branches": arr(s(STR)), "indexing_enabled": s(BOOL),
        "indexing_status": nul(ref("RepoIndexingStatusResponse")),
    }, ["repository_path", "branches", "indexing_enabled", "indexing_status"]),
    "RepositoryIndexingTarget": obj({
        "repository_path": s(STR, description="`owner/repo`."),
        "branch_names": arr(s(STR)),
    }, ["repository_path"]),
    "BulkIndexRepositoriesRequest": obj({
        "repositories": arr(ref("RepositoryIndexingTarget")),
    }, ["repositories"]),
    "BulkUnindexRepositoriesRequest": obj({"repository_paths": arr(s(STR))},
                                          ["repository_paths"]),
    "IndexRepositoryRequest": obj({"branch_names": arr(s(STR))}),
    # ---------------------------------------------------- service users
    "ServiceUserProvisionRequest": obj({
        "name": s(STR, minLength=1, maxLength=256),
        "role_id": s(STR),
        "ttl_seconds": s(INT, maximum=31536000, description="Lifetime; at most one year."),
    }, ["name", "role_id", "ttl_seconds"]),
    "ServiceUserProvisionResponse": obj({
        "service_user": ref("ServiceUser"),
        "token": s(STR, description="The new credential; returned only once."),
    }, ["service_user", "token"]),
    "APIKeyResponse": API_KEY,
    "APIKeyWithTokenResponse": obj({
        "token": s(STR, description="The key itself; returned only once."),
        "api_key_id": s(STR), "api_key_name": s(STR),
    }, ["token", "api_key_id", "api_key_name"]),
    "APIKeyCreateRequest": obj({
        "name": s(STR),
        "expires_at": nul(s(INT, description="Future Unix time; null for no expiry.")),
    }, ["name"]),
    "APIKeyRotateRequest": obj({
        "new_key_expires_at": nul(s(INT)),
        "revoke_current": s(BOOL, default=True,
                            description="False keeps the old key active too."),
    }),
    # --------------------------------------------------- snapshot setup
    "Blueprint": obj({
        "blueprint_id": s(STR), "created_at": s(INT, description=UNIX),
        "updated_at": s(INT, description=UNIX), "repo_name": nul(s(STR)),
        "type": s(STR, description="Tier: enterprise, org or repo (open set)."),
    }, ["blueprint_id", "created_at", "updated_at", "repo_name", "type"]),
    "BlueprintListResponse": obj({"data": arr(ref("Blueprint"))}, ["data"]),
    "BlueprintCreateRequest": obj({
        "contents": nul(s(STR, description="Initial YAML.")),
        "repo_name": nul(s(STR, description="Omit for an org-tier blueprint.")),
    }),
    "Build": obj({
        "build_id": s(STR),
        "status": s(STR, enum=["pending", "running", "succeeded", "failed", "cancelled"]),
        "trigger": s(STR), "triggered_by_user_id": nul(s(STR)), "pinned": s(BOOL),
        "created_at": s(INT, description=UNIX), "started_at": nul(s(INT)),
        "completed_at": nul(s(INT)), "updated_at": s(INT, description=UNIX),
    }, ["build_id", "status", "created_at", "updated_at"]),
    "BuildCreateResponse": obj({"build_id": s(STR), "status": s(STR)},
                               ["build_id", "status"]),
    "BuildStatusResponse": obj({"status": s(STR)}, ["status"], additionalProperties=True,
                               **{"x-devin-note": "Only `status` is documented."}),
    "BlueprintSyncRequest": obj({"repo_name": s(STR)}, ["repo_name"]),
    "BlueprintSyncResponse": obj({"repo_name": s(STR)}, ["repo_name"]),
    # -------------------------------------------------- enterprise misc
    "AuditLog": obj({
        "audit_log_id": s(STR), "action": s(STR, description="Open set of action names."),
        "created_at": s(INT, description=UNIX), "data": any_object(),
        "org_id": nul(s(STR)), "user_id": nul(s(STR)), "user_email": nul(s(STR)),
        "service_user_id": nul(s(STR)), "service_user_name": nul(s(STR)),
    }, ["audit_log_id", "action", "created_at"]),
    "GuardrailViolation": obj({
        "violation_id": s(INT), "guardrail_id": s(STR), "guardrail_name": s(STR),
        "session_id": nul(s(STR)), "org_id": s(STR), "event_id": s(STR),
        "action_taken": s(STR), "confidence_score": s(NUM), "reasoning": s(STR),
        "user_message": s(STR), "created_at": s(INT, description=UNIX),
    }, ["violation_id", "guardrail_id", "guardrail_name", "session_id", "org_id",
        "event_id", "action_taken", "confidence_score", "reasoning", "user_message",
        "created_at"]),
    "Hypervisor": obj({
        "hypervisor_id": s(STR), "cloud_provider_instance_id": s(STR),
        "created_at": s(INT, description=UNIX), "last_heartbeat": s(INT, description=UNIX),
        "status": s(STR), "utilization_percentage": s(NUM),
    }, ["hypervisor_id", "cloud_provider_instance_id", "created_at", "last_heartbeat",
        "status", "utilization_percentage"]),
    "LocalAgentAcuLimits": any_object(**{
        "x-devin-note": "Shape not documented; any JSON object."}),
    "OrgMember": any_object(**{
        "properties": {"user_id": s(STR), "email": nul(s(STR)), "name": nul(s(STR)),
                       "role_assignments": arr(ref("RoleAssignment"))},
        "required": ["user_id"],
        "x-devin-note": ("Response shape not documented; modelled on the enterprise "
                         "User schema.")}),
}

# Paginated envelopes (cursor form) for the item schemas above or official ones.
PAGED_ITEMS = ["SessionResponse", "SessionInsightsResponse", "SessionMessage",
               "AuditLog", "ConsumptionCycle", "GuardrailViolation", "Hypervisor",
               "RepositoryResponse", "RepositoryIndexingResponse", "Build",
               "APIKeyResponse", "OrgMember"]


def page_name(item: str) -> str:
    return f"PaginatedResponse_{item}_"


def page_schema(item: str) -> dict:
    return obj({
        "items": arr(ref(item)),
        "end_cursor": nul(s(STR, description="Cursor for the next page; null on the last.")),
        "has_next_page": s(BOOL, default=False),
        "total": nul(s(INT, description="Total count; may be omitted.")),
    }, ["items"])


for _item in PAGED_ITEMS:
    COMPONENTS[page_name(_item)] = page_schema(_item)


# Success responses of the operations the official export does not cover,
# by operation id: a schema (usually a $ref). Special kinds: "redirect".
RESPONSES: dict = {
    "whoami": ref("SelfResponse"),
    "attachments.upload": ref("AttachmentResponse"),
    "attachments.download": "redirect",
    "sessions.list": ref(page_name("SessionResponse")),
    "sessions.create": ref("SessionResponse"),
    "sessions.list_with_insights": ref(page_name("SessionInsightsResponse")),
    "sessions.get": ref("SessionResponse"),
    "sessions.terminate": ref("SessionResponse"),
    "sessions.archive": ref("SessionResponse"),
    "sessions.list_attachments": arr(ref("SessionAttachment")),
    "sessions.get_insights": ref("SessionInsightsResponse"),
    "sessions.generate_insights": ref("GenerateInsightsResponse"),
    "sessions.list_messages": ref(page_name("SessionMessage")),
    "sessions.send_message": ref("SessionResponse"),
    "sessions.tags.get": ref("SessionTags"),
    "sessions.tags.append": ref("SessionTags"),
    "sessions.tags.replace": ref("SessionTags"),
    "consumption.get_daily": ref("ConsumptionResponse"),
    "consumption.get_service_user_daily": ref("ConsumptionResponse"),
    "consumption.get_session_daily": ref("ConsumptionResponse"),
    "consumption.get_user_daily": ref("ConsumptionResponse"),
    "members.idp_users.list": ref("PaginatedResponse_IdpGroupUser_"),
    "members.users.list": ref(page_name("OrgMember")),
    "members.users.get": ref("OrgMember"),
    "metrics.get_active_users": ref("ActiveUserMetricsResponse"),
    "metrics.get_dau": arr(ref("ActiveUserMetricsResponse")),
    "metrics.get_wau": arr(ref("ActiveUserMetricsResponse")),
    "metrics.get_mau": arr(ref("ActiveUserMetricsResponse")),
    "metrics.get_prs": ref("PrMetricsResponse"),
    "metrics.get_searches": ref("SearchMetricsResponse"),
    "metrics.get_sessions": ref("SessionMetricsResponse"),
    "metrics.get_usage": ref("UsageMetricsResponse"),
    "pr_reviews.get": ref("PrReviewResponse"),
    "pr_reviews.create": ref("PrReviewResponse"),
    "repositories.list": ref(page_name("RepositoryResponse")),
    "repositories.list_indexed": ref(page_name("RepositoryIndexingResponse")),
    "repositories.bulk_index": arr(ref("RepositoryIndexingResponse")),
    "repositories.bulk_unindex": arr(ref("RepositoryIndexingResponse")),
    "repositories.get_indexing": ref("RepoIndexingStatusResponse"),
    "repositories.index": ref("RepositoryIndexingResponse"),
    "repositories.unindex": ref("RepositoryIndexingResponse"),
    "repositories.unindex_branch": ref("RepositoryIndexingResponse"),
    "service_users.create": ref("ServiceUserProvisionResponse"),
    "snapshot_setup.blueprints.list": ref("BlueprintListResponse"),
    "snapshot_setup.blueprints.create": ref("Blueprint"),
    "snapshot_setup.builds.list": ref(page_name("Build")),
    "snapshot_setup.builds.create": ref("BuildCreateResponse"),
    "snapshot_setup.builds.get": ref("BuildStatusResponse"),
    "snapshot_setup.sync": ref("BlueprintSyncResponse"),
    # enterprise
    "enterprise.audit_logs.list": ref(page_name("AuditLog")),
    "enterprise.organizations.audit_logs.list": ref(page_name("AuditLog")),
    "enterprise.consumption.list_cycles": ref(page_name("ConsumptionCycle")),
    "enterprise.consumption.get_daily": ref("ConsumptionResponse"),
    "enterprise.consumption.get_org_daily": ref("ConsumptionResponse"),
    "enterprise.consumption.get_service_user_daily": ref("ConsumptionResponse"),
    "enterprise.consumption.get_session_daily": ref("ConsumptionResponse"),
    "enterprise.consumption.get_user_daily": ref("ConsumptionResponse"),
    "enterprise.consumption.acu_limits.get_local_agent": ref("LocalAgentAcuLimits"),
    "enterprise.guardrail_violations.list": ref(page_name("GuardrailViolation")),
    "enterprise.organizations.guardrail_violations.list": ref(page_name("GuardrailViolation")),
    "enterprise.hypervisors.list": ref(page_name("Hypervisor")),
    "enterprise.metrics.get_active_users": ref("ActiveUserMetricsResponse"),
    "enterprise.metrics.get_dau": arr(ref("ActiveUserMetricsResponse")),
    "enterprise.metrics.get_wau": arr(ref("ActiveUserMetricsResponse")),
    "enterprise.metrics.get_mau": arr(ref("ActiveUserMetricsResponse")),
    "enterprise.metrics.get_prs": ref("PrMetricsResponse"),
    "enterprise.metrics.get_searches": ref("SearchMetricsResponse"),
    "enterprise.metrics.get_sessions": ref("SessionMetricsResponse"),
    "enterprise.metrics.get_usage": ref("UsageMetricsResponse"),
    "enterprise.metrics.get_sessions_by_category": ref("SessionMetricsByCategoryResponse"),
    "enterprise.organizations.metrics.get_usage": ref("UsageMetricsResponse"),
    "enterprise.pr_reviews.get": ref("PrReviewResponse"),
    "enterprise.pr_reviews.create": ref("PrReviewResponse"),
    "enterprise.queue.get": ref("QueueResponse"),
    "enterprise.service_users.create": ref("ServiceUserProvisionResponse"),
    "enterprise.service_users.api_keys.create": ref("APIKeyWithTokenResponse"),
    "enterprise.service_users.api_keys.list": ref(page_name("APIKeyResponse")),
    "enterprise.service_users.api_keys.revoke": ref("APIKeyResponse"),
    "enterprise.service_users.api_keys.rotate": ref("APIKeyWithTokenResponse"),
    "enterprise.sessions.list": ref(page_name("SessionResponse")),
    "enterprise.sessions.list_with_insights": ref(page_name("SessionInsightsResponse")),
    "enterprise.sessions.get": ref("SessionResponse"),
    "enterprise.sessions.list_attachments": arr(ref("SessionAttachment")),
    "enterprise.sessions.get_insights": ref("SessionInsightsResponse"),
    "enterprise.sessions.generate_insights": ref("GenerateInsightsResponse"),
    "enterprise.sessions.list_messages": ref(page_name("SessionMessage")),
    "enterprise.sessions.send_message": ref("SessionResponse"),
    "enterprise.sessions.tags.get": ref("SessionTags"),
    "enterprise.sessions.tags.append": ref("SessionTags"),
    "enterprise.sessions.tags.replace": ref("SessionTags"),
}

# Request bodies of the operations the official export does not cover.
# (content type, component name)
BODIES: dict = {
    "attachments.upload": ("multipart/form-data", "AttachmentUploadRequest"),
    "sessions.create": ("application/json", "SessionCreateRequest"),
    "sessions.send_message": ("application/json", "SessionMessageRequest"),
    "sessions.tags.append": ("application/json", "SessionTagsRequest"),
    "sessions.tags.replace": ("application/json", "SessionTagsRequest"),
    "pr_reviews.create": ("application/json", "PrReviewRequest"),
    "repositories.bulk_index": ("application/json", "BulkIndexRepositoriesRequest"),
    "repositories.bulk_unindex": ("application/json", "BulkUnindexRepositoriesRequest"),
    "repositories.index": ("application/json", "IndexRepositoryRequest"),
    "service_users.create": ("application/json", "ServiceUserProvisionRequest"),
    "snapshot_setup.blueprints.create": ("application/json", "BlueprintCreateRequest"),
    "snapshot_setup.sync": ("application/json", "BlueprintSyncRequest"),
    "enterprise.pr_reviews.create": ("application/json", "PrReviewRequest"),
    "enterprise.service_users.create": ("application/json", "ServiceUserProvisionRequest"),
    "enterprise.service_users.api_keys.create": ("application/json", "APIKeyCreateRequest"),
    "enterprise.service_users.api_keys.rotate": ("application/json", "APIKeyRotateRequest"),
    "enterprise.sessions.send_message": ("application/json", "EnterpriseSessionMessageRequest"),
    "enterprise.sessions.tags.append": ("application/json", "SessionTagsRequest"),
    "enterprise.sessions.tags.replace": ("application/json", "SessionTagsRequest"),
}

# Bodies that are optional (everything else listed above is required).
OPTIONAL_BODIES = {"repositories.index", "snapshot_setup.blueprints.create",
                   "enterprise.service_users.api_keys.rotate"}
