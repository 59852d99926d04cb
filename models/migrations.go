package models

// migrations is the schema's history. Append only: never edit a shipped entry.
var migrations = []migration{
	{1, "enterprises", []string{
		`CREATE TABLE enterprises (
			id {{pk}},
			uscc VARCHAR(18) NOT NULL,
			name VARCHAR(200) NOT NULL,
			industry_code VARCHAR(8) NOT NULL,
			industry VARCHAR(32) NOT NULL,
			tags VARCHAR(255) NOT NULL DEFAULT '',
			size VARCHAR(8) NOT NULL DEFAULT '',
			street_code VARCHAR(12) NOT NULL,
			grid_code VARCHAR(15) NOT NULL DEFAULT '',
			address VARCHAR(255) NOT NULL DEFAULT '',
			legal_rep VARCHAR(64) NOT NULL DEFAULT '',
			contact_phone VARCHAR(32) NOT NULL DEFAULT '',
			lat DOUBLE,
			lon DOUBLE,
			status VARCHAR(16) NOT NULL DEFAULT 'active',
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_enterprises_uscc ON enterprises (uscc)`,
		`CREATE INDEX ix_enterprises_street_grid ON enterprises (street_code, grid_code)`,
		`CREATE INDEX ix_enterprises_industry ON enterprises (industry)`,
		// Chinese names cannot be split by MariaDB's full-text parser and
		// LIKE '%x%' scans every row, so names are indexed by character bigrams.
		`CREATE TABLE enterprise_bigrams (
			gram VARCHAR(8) {{bin}} NOT NULL,
			enterprise_id BIGINT NOT NULL,
			PRIMARY KEY (gram, enterprise_id)
		) {{opts}}`,
		`CREATE INDEX ix_enterprise_bigrams_enterprise ON enterprise_bigrams (enterprise_id)`,
	}},
	{2, "wechat_users", []string{
		`CREATE TABLE wechat_users (
			id {{pk}},
			openid VARCHAR(64) {{bin}} NOT NULL,
			subscribed BOOLEAN NOT NULL DEFAULT TRUE,
			street_code VARCHAR(12) NOT NULL DEFAULT '',
			community_code VARCHAR(15) NOT NULL DEFAULT '',
			last_inbound_at {{ts}} NULL,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_wechat_users_openid ON wechat_users (openid)`,
		`CREATE INDEX ix_wechat_users_street ON wechat_users (street_code, community_code)`,
		`CREATE TABLE bindings (
			id {{pk}},
			wechat_user_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_bindings_user_enterprise ON bindings (wechat_user_id, enterprise_id)`,
		`CREATE INDEX ix_bindings_enterprise ON bindings (enterprise_id)`,
		`CREATE TABLE bind_codes (
			id {{pk}},
			enterprise_id BIGINT NOT NULL,
			code_hash CHAR(64) NOT NULL,
			expires_at {{ts}} NOT NULL,
			used_at {{ts}} NULL,
			used_by BIGINT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_bind_codes_hash ON bind_codes (code_hash)`,
		`CREATE INDEX ix_bind_codes_enterprise ON bind_codes (enterprise_id)`,
		`CREATE TABLE bind_attempts (
			id {{pk}},
			openid VARCHAR(64) {{bin}} NOT NULL,
			ok BOOLEAN NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_bind_attempts_openid ON bind_attempts (openid, created_at)`,
		`CREATE TABLE conversations (
			openid VARCHAR(64) {{bin}} NOT NULL PRIMARY KEY,
			state MEDIUMTEXT NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE TABLE processed_messages (
			dedupe_key VARCHAR(191) {{bin}} NOT NULL PRIMARY KEY,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_processed_messages_created ON processed_messages (created_at)`,
	}},
	{3, "questionnaires", []string{
		`CREATE TABLE questionnaire_templates (
			id {{pk}},
			slug VARCHAR(64) NOT NULL,
			title VARCHAR(200) NOT NULL,
			audience VARCHAR(16) NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_questionnaire_templates_slug ON questionnaire_templates (slug)`,
		`CREATE TABLE questionnaire_versions (
			id {{pk}},
			template_id BIGINT NOT NULL,
			version INT NOT NULL,
			hash CHAR(64) NOT NULL,
			source MEDIUMTEXT NOT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_questionnaire_versions_version ON questionnaire_versions (template_id, version)`,
		`CREATE UNIQUE INDEX ux_questionnaire_versions_hash ON questionnaire_versions (template_id, hash)`,
		`CREATE TABLE campaigns (
			id {{pk}},
			name VARCHAR(200) NOT NULL,
			version_id BIGINT NOT NULL,
			audience VARCHAR(16) NOT NULL,
			filter MEDIUMTEXT NOT NULL,
			deadline_days INT NOT NULL,
			due_at {{ts}} NULL,
			push_at {{ts}} NULL,
			status VARCHAR(16) NOT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_campaigns_status ON campaigns (status, push_at)`,
		`CREATE TABLE assignments (
			id {{pk}},
			campaign_id BIGINT NOT NULL,
			version_id BIGINT NOT NULL,
			enterprise_id BIGINT NULL,
			wechat_user_id BIGINT NULL,
			status VARCHAR(16) NOT NULL,
			due_at {{ts}} NULL,
			started_at {{ts}} NULL,
			submitted_at {{ts}} NULL,
			reviewed_at {{ts}} NULL,
			reviewed_by VARCHAR(64) NOT NULL DEFAULT '',
			review_note VARCHAR(500) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_assignments_enterprise ON assignments (campaign_id, enterprise_id)`,
		`CREATE UNIQUE INDEX ux_assignments_user ON assignments (campaign_id, wechat_user_id)`,
		`CREATE INDEX ix_assignments_enterprise_status ON assignments (enterprise_id, status)`,
		`CREATE INDEX ix_assignments_user_status ON assignments (wechat_user_id, status)`,
		`CREATE INDEX ix_assignments_status_due ON assignments (status, due_at)`,
		`CREATE TABLE answers (
			id {{pk}},
			assignment_id BIGINT NOT NULL,
			item_id VARCHAR(32) NOT NULL,
			value MEDIUMTEXT NOT NULL,
			photo_id BIGINT NULL,
			compliant BOOLEAN NULL,
			answered_by BIGINT NULL,
			answered_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_answers_item ON answers (assignment_id, item_id)`,
		`CREATE TABLE photos (
			id {{pk}},
			media_id VARCHAR(128) {{bin}} NOT NULL,
			status VARCHAR(16) NOT NULL,
			sha256 CHAR(64) NOT NULL DEFAULT '',
			size BIGINT NOT NULL DEFAULT 0,
			content_type VARCHAR(64) NOT NULL DEFAULT '',
			path VARCHAR(255) NOT NULL DEFAULT '',
			attempts INT NOT NULL DEFAULT 0,
			last_error VARCHAR(500) NOT NULL DEFAULT '',
			next_attempt_at {{ts}} NOT NULL,
			uploaded_by BIGINT NULL,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_photos_media ON photos (media_id)`,
		`CREATE INDEX ix_photos_pending ON photos (status, next_attempt_at)`,
	}},
	{4, "citizen_reports", []string{
		`CREATE TABLE citizen_reports (
			id {{pk}},
			ticket_no VARCHAR(20) NOT NULL,
			reporter_id BIGINT NULL,
			source VARCHAR(16) NOT NULL,
			category VARCHAR(32) NOT NULL,
			description MEDIUMTEXT NOT NULL,
			address VARCHAR(255) NOT NULL DEFAULT '',
			lat DOUBLE NULL,
			lon DOUBLE NULL,
			enterprise_id BIGINT NULL,
			enterprise_name VARCHAR(200) NOT NULL DEFAULT '',
			street_code VARCHAR(12) NOT NULL DEFAULT '',
			grid_code VARCHAR(15) NOT NULL DEFAULT '',
			department VARCHAR(32) NOT NULL DEFAULT '',
			ownerless BOOLEAN NOT NULL DEFAULT FALSE,
			verified BOOLEAN NOT NULL DEFAULT FALSE,
			status VARCHAR(16) NOT NULL,
			deadline_at {{ts}} NULL,
			merged_into_id BIGINT NULL,
			satisfaction INT NULL,
			feedback VARCHAR(500) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL,
			resolved_at {{ts}} NULL,
			closed_at {{ts}} NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_citizen_reports_ticket ON citizen_reports (ticket_no)`,
		`CREATE INDEX ix_citizen_reports_status ON citizen_reports (status, department)`,
		`CREATE INDEX ix_citizen_reports_reporter ON citizen_reports (reporter_id, created_at)`,
		`CREATE INDEX ix_citizen_reports_enterprise ON citizen_reports (enterprise_id)`,
		`CREATE INDEX ix_citizen_reports_street ON citizen_reports (street_code, status)`,
		`CREATE TABLE report_photos (
			report_id BIGINT NOT NULL,
			photo_id BIGINT NOT NULL,
			PRIMARY KEY (report_id, photo_id)
		) {{opts}}`,
		`CREATE TABLE report_events (
			id {{pk}},
			report_id BIGINT NOT NULL,
			from_status VARCHAR(16) NOT NULL DEFAULT '',
			to_status VARCHAR(16) NOT NULL,
			actor VARCHAR(64) NOT NULL DEFAULT '',
			note VARCHAR(500) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_report_events_report ON report_events (report_id, created_at)`,
	}},
	{5, "inspections", []string{
		`CREATE TABLE inspectors (
			id {{pk}},
			name VARCHAR(64) NOT NULL,
			department VARCHAR(32) NOT NULL,
			cert_no VARCHAR(32) NOT NULL,
			active BOOLEAN NOT NULL DEFAULT TRUE,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_inspectors_cert ON inspectors (cert_no)`,
		`CREATE INDEX ix_inspectors_department ON inspectors (department, active)`,
		`CREATE TABLE inspection_orders (
			id {{pk}},
			department VARCHAR(32) NOT NULL,
			reason VARCHAR(16) NOT NULL,
			items MEDIUMTEXT NOT NULL,
			window_from {{ts}} NOT NULL,
			window_to {{ts}} NOT NULL,
			note VARCHAR(500) NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_inspection_orders_window ON inspection_orders (status, window_from, window_to)`,
		`CREATE TABLE order_targets (
			order_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			PRIMARY KEY (order_id, enterprise_id)
		) {{opts}}`,
		`CREATE INDEX ix_order_targets_enterprise ON order_targets (enterprise_id)`,
		`CREATE TABLE plans (
			id {{pk}},
			from_on {{ts}} NOT NULL,
			to_on {{ts}} NOT NULL,
			seed BIGINT NOT NULL,
			explanation MEDIUMTEXT NOT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE TABLE visits (
			id {{pk}},
			plan_id BIGINT NULL,
			enterprise_id BIGINT NOT NULL,
			planned_on {{ts}} NOT NULL,
			status VARCHAR(16) NOT NULL,
			inspectors MEDIUMTEXT NOT NULL,
			items MEDIUMTEXT NOT NULL,
			route_seq INT NOT NULL DEFAULT 0,
			outcome VARCHAR(16) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			completed_at {{ts}} NULL
		) {{opts}}`,
		`CREATE INDEX ix_visits_enterprise ON visits (enterprise_id, planned_on)`,
		`CREATE INDEX ix_visits_plan ON visits (plan_id, planned_on, route_seq)`,
		`CREATE TABLE visit_orders (
			visit_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL,
			PRIMARY KEY (visit_id, order_id)
		) {{opts}}`,
		`CREATE TABLE findings (
			id {{pk}},
			enterprise_id BIGINT NOT NULL,
			source VARCHAR(16) NOT NULL,
			assignment_id BIGINT NULL,
			visit_id BIGINT NULL,
			item_id VARCHAR(32) NOT NULL,
			severity VARCHAR(8) NOT NULL,
			description VARCHAR(1000) NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL,
			deadline_at {{ts}} NOT NULL,
			deferred BOOLEAN NOT NULL DEFAULT FALSE,
			rectified_at {{ts}} NULL,
			closed_at {{ts}} NULL,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_findings_enterprise ON findings (enterprise_id, status)`,
		`CREATE INDEX ix_findings_deadline ON findings (status, deadline_at)`,
		`CREATE TABLE rectifications (
			id {{pk}},
			finding_id BIGINT NOT NULL,
			kind VARCHAR(16) NOT NULL,
			note VARCHAR(1000) NOT NULL DEFAULT '',
			photos VARCHAR(500) NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL,
			decided_by VARCHAR(64) NOT NULL DEFAULT '',
			decision_note VARCHAR(500) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			decided_at {{ts}} NULL
		) {{opts}}`,
		`CREATE INDEX ix_rectifications_finding ON rectifications (finding_id)`,
	}},
	{6, "credit", []string{
		`CREATE TABLE scoring_params (
			id {{pk}},
			hash CHAR(64) NOT NULL,
			source MEDIUMTEXT NOT NULL,
			note VARCHAR(500) NOT NULL DEFAULT '',
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_scoring_params_hash ON scoring_params (hash)`,
		// The ledger is append-only: rows are inserted, never updated. source_key
		// makes appending the same fact twice a no-op.
		`CREATE TABLE credit_events (
			id {{pk}},
			enterprise_id BIGINT NOT NULL,
			kind VARCHAR(32) NOT NULL,
			severity VARCHAR(8) NOT NULL DEFAULT '',
			points DECIMAL(9,2) NOT NULL,
			occurred_at {{ts}} NOT NULL,
			expires_at {{ts}} NOT NULL,
			rule VARCHAR(64) NOT NULL,
			source_type VARCHAR(16) NOT NULL,
			source_id BIGINT NOT NULL DEFAULT 0,
			source_key VARCHAR(100) NOT NULL,
			params_id BIGINT NOT NULL,
			note VARCHAR(500) NOT NULL DEFAULT '',
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_credit_events_source ON credit_events (source_key)`,
		`CREATE INDEX ix_credit_events_enterprise ON credit_events (enterprise_id, occurred_at)`,
		`CREATE INDEX ix_credit_events_expires ON credit_events (expires_at)`,
		`CREATE TABLE score_snapshots (
			id {{pk}},
			enterprise_id BIGINT NOT NULL,
			raw DECIMAL(9,2) NOT NULL,
			shown DECIMAL(9,2) NOT NULL,
			grade CHAR(1) NOT NULL,
			decision VARCHAR(16) NOT NULL,
			params_id BIGINT NOT NULL,
			explanation MEDIUMTEXT NOT NULL,
			computed_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_score_snapshots_enterprise ON score_snapshots (enterprise_id, computed_at)`,
		// enterprise_scores is the current score per firm, with the filter
		// columns copied in so that a ranking page is one index range scan.
		`CREATE TABLE enterprise_scores (
			enterprise_id BIGINT NOT NULL PRIMARY KEY,
			raw DECIMAL(9,2) NOT NULL,
			shown DECIMAL(9,2) NOT NULL,
			prev_shown DECIMAL(9,2) NULL,
			grade CHAR(1) NOT NULL,
			decision VARCHAR(16) NOT NULL,
			street_code VARCHAR(12) NOT NULL,
			grid_code VARCHAR(15) NOT NULL DEFAULT '',
			industry VARCHAR(32) NOT NULL,
			params_id BIGINT NOT NULL,
			next_expiry_at {{ts}} NULL,
			computed_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_enterprise_scores_shown ON enterprise_scores (shown, enterprise_id)`,
		`CREATE INDEX ix_enterprise_scores_grade ON enterprise_scores (grade, shown, enterprise_id)`,
		`CREATE INDEX ix_enterprise_scores_street ON enterprise_scores (street_code, shown, enterprise_id)`,
		`CREATE INDEX ix_enterprise_scores_industry ON enterprise_scores (industry, shown, enterprise_id)`,
		`CREATE INDEX ix_enterprise_scores_expiry ON enterprise_scores (next_expiry_at)`,
		`CREATE TABLE score_runs (
			id {{pk}},
			params_id BIGINT NOT NULL,
			last_enterprise_id BIGINT NOT NULL DEFAULT 0,
			scored BIGINT NOT NULL DEFAULT 0,
			started_at {{ts}} NOT NULL,
			finished_at {{ts}} NULL
		) {{opts}}`,
		`CREATE TABLE audit_rounds (
			id {{pk}},
			seed BIGINT NOT NULL,
			rates VARCHAR(500) NOT NULL,
			counts VARCHAR(500) NOT NULL,
			created_by VARCHAR(64) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			published_at {{ts}} NULL
		) {{opts}}`,
		`CREATE TABLE audit_picks (
			round_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			grade CHAR(1) NOT NULL,
			PRIMARY KEY (round_id, enterprise_id)
		) {{opts}}`,
	}},
	{7, "outbox", []string{
		// msg_key is stable across retries and is sent as client_msg_id, so a
		// resend after a crash between send and commit is dropped by WeChat.
		`CREATE TABLE outbox (
			id {{pk}},
			msg_key VARCHAR(64) {{bin}} NOT NULL,
			kind VARCHAR(16) NOT NULL,
			topic VARCHAR(32) NOT NULL,
			openid VARCHAR(64) {{bin}} NOT NULL,
			payload MEDIUMTEXT NOT NULL,
			status VARCHAR(16) NOT NULL,
			attempts INT NOT NULL DEFAULT 0,
			next_attempt_at {{ts}} NOT NULL,
			locked_until {{ts}} NULL,
			locked_by VARCHAR(64) NOT NULL DEFAULT '',
			last_error VARCHAR(1000) NOT NULL DEFAULT '',
			campaign_id BIGINT NULL,
			enterprise_id BIGINT NULL,
			created_at {{ts}} NOT NULL,
			sent_at {{ts}} NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_outbox_key ON outbox (msg_key)`,
		`CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at)`,
		`CREATE INDEX ix_outbox_campaign ON outbox (campaign_id, status)`,
	}},
	{8, "regulators", []string{
		`CREATE TABLE users (
			id {{pk}},
			username VARCHAR(64) NOT NULL,
			name VARCHAR(64) NOT NULL,
			password_hash VARCHAR(255) NOT NULL,
			role VARCHAR(16) NOT NULL,
			scope VARCHAR(32) NOT NULL DEFAULT '',
			disabled BOOLEAN NOT NULL DEFAULT FALSE,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_users_username ON users (username)`,
		`CREATE TABLE api_tokens (
			id {{pk}},
			user_id BIGINT NOT NULL,
			name VARCHAR(64) NOT NULL DEFAULT '',
			token_hash CHAR(64) NOT NULL,
			created_at {{ts}} NOT NULL,
			last_used_at {{ts}} NULL,
			revoked_at {{ts}} NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (token_hash)`,
		`CREATE TABLE audit_log (
			id {{pk}},
			actor VARCHAR(64) NOT NULL,
			action VARCHAR(64) NOT NULL,
			object_type VARCHAR(32) NOT NULL,
			object_id VARCHAR(64) NOT NULL DEFAULT '',
			before_json MEDIUMTEXT NOT NULL,
			after_json MEDIUMTEXT NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_audit_log_object ON audit_log (object_type, object_id)`,
		`CREATE INDEX ix_audit_log_created ON audit_log (created_at)`,
	}},
	{9, "seed_profiles", []string{
		// Generated districts keep each firm's hidden compliance profile here,
		// apart from every table the product reads, so that the credit model
		// can be judged against the truth it never sees.
		`CREATE TABLE seed_profiles (
			enterprise_id BIGINT NOT NULL PRIMARY KEY,
			seed BIGINT NOT NULL,
			compliance DOUBLE NOT NULL,
			honesty DOUBLE NOT NULL,
			diligence DOUBLE NOT NULL
		) {{opts}}`,
	}},
	{10, "dashboard", []string{
		// Server-side sessions of the dashboard (alexedwards/scs): the cookie
		// carries only the token.
		`CREATE TABLE web_sessions (
			token VARCHAR(64) {{bin}} NOT NULL PRIMARY KEY,
			data MEDIUMBLOB NOT NULL,
			expiry {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_web_sessions_expiry ON web_sessions (expiry)`,
		// Every login try, for throttling by username and by address.
		`CREATE TABLE login_attempts (
			id {{pk}},
			username VARCHAR(64) NOT NULL,
			ip VARCHAR(64) NOT NULL,
			ok BOOLEAN NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_login_attempts_username ON login_attempts (username, created_at)`,
		`CREATE INDEX ix_login_attempts_ip ON login_attempts (ip, created_at)`,
		// The ranking filters by grid too; give it the same ordered index as
		// the other filter columns.
		`CREATE INDEX ix_enterprise_scores_grid ON enterprise_scores (grid_code, shown, enterprise_id)`,
	}},
	{30, "inspection_workflow", []string{
		// 一体指令: an order may target firms by a filter, kept for the record.
		`ALTER TABLE inspection_orders ADD COLUMN target_filter VARCHAR(1000) NOT NULL DEFAULT ''`,
		`ALTER TABLE plans ADD COLUMN audit_round_id BIGINT NULL`,
		`ALTER TABLE visits ADD COLUMN route_id BIGINT NULL`,
		// One row per inspector-day route, with the seed and roster of its
		// random draw (双随机), so the draw can be replayed.
		`CREATE TABLE plan_routes (
			id {{pk}},
			plan_id BIGINT NOT NULL,
			route_no INT NOT NULL,
			planned_on {{ts}} NOT NULL,
			grid_code VARCHAR(15) NOT NULL DEFAULT '',
			seed BIGINT NOT NULL,
			roster MEDIUMTEXT NOT NULL,
			inspectors VARCHAR(255) NOT NULL,
			km DOUBLE NOT NULL DEFAULT 0
		) {{opts}}`,
		`CREATE INDEX ix_plan_routes_plan ON plan_routes (plan_id, route_no)`,
		// Every (order, firm) the plan did not visit, and why: the records
		// behind the 减负 figures.
		`CREATE TABLE plan_skips (
			id {{pk}},
			plan_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			department VARCHAR(32) NOT NULL,
			reason VARCHAR(16) NOT NULL,
			cause VARCHAR(16) NOT NULL,
			assignment_id BIGINT NULL,
			note VARCHAR(1000) NOT NULL DEFAULT ''
		) {{opts}}`,
		`CREATE INDEX ix_plan_skips_plan ON plan_skips (plan_id, cause)`,
		`CREATE INDEX ix_plan_skips_enterprise ON plan_skips (enterprise_id)`,
		// Every ordered checklist item a firm is not asked, and why.
		`CREATE TABLE plan_avoided_items (
			id {{pk}},
			plan_id BIGINT NOT NULL,
			visit_id BIGINT NULL,
			order_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			department VARCHAR(32) NOT NULL,
			item_id VARCHAR(32) NOT NULL,
			cause VARCHAR(16) NOT NULL,
			asked_as VARCHAR(32) NOT NULL DEFAULT ''
		) {{opts}}`,
		`CREATE INDEX ix_plan_avoided_items_plan ON plan_avoided_items (plan_id, cause)`,
		// On-site results, one row per checklist item of a visit.
		`CREATE TABLE visit_results (
			id {{pk}},
			visit_id BIGINT NOT NULL,
			item_id VARCHAR(32) NOT NULL,
			compliant BOOLEAN NOT NULL,
			severity VARCHAR(8) NOT NULL DEFAULT '',
			photo_id BIGINT NULL,
			note VARCHAR(1000) NOT NULL DEFAULT '',
			finding_id BIGINT NULL,
			recorded_by VARCHAR(64) NOT NULL DEFAULT '',
			recorded_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE UNIQUE INDEX ux_visit_results_item ON visit_results (visit_id, item_id)`,
		// The rectification loop's state beyond the finding row: listed
		// supervision (挂牌督办) and mandatory re-visit for 严重, the re-visit,
		// overdue flags.
		`CREATE TABLE finding_followups (
			finding_id BIGINT NOT NULL PRIMARY KEY,
			enterprise_id BIGINT NOT NULL,
			listed BOOLEAN NOT NULL DEFAULT FALSE,
			revisit_required BOOLEAN NOT NULL DEFAULT FALSE,
			revisit_visit_id BIGINT NULL,
			photo_id BIGINT NULL,
			overdue_at {{ts}} NULL,
			not_rectified_at {{ts}} NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_finding_followups_revisit ON finding_followups (revisit_visit_id)`,
		// The firm's file of each finding: every step of 整改 → 复查 → 销号.
		`CREATE TABLE finding_steps (
			id {{pk}},
			finding_id BIGINT NOT NULL,
			enterprise_id BIGINT NOT NULL,
			step VARCHAR(24) NOT NULL,
			actor VARCHAR(64) NOT NULL DEFAULT '',
			note VARCHAR(1000) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_finding_steps_finding ON finding_steps (finding_id, created_at)`,
		`CREATE INDEX ix_finding_steps_enterprise ON finding_steps (enterprise_id, created_at)`,
	}},
	{50, "regulator_workflow", []string{
		// A campaign may ask only the checklist items of some themes (燃气安全,
		// 消防安全), comma-separated; empty asks every self-checkable item.
		`ALTER TABLE campaigns ADD COLUMN themes VARCHAR(500) NOT NULL DEFAULT ''`,
		`ALTER TABLE campaigns ADD COLUMN pushed_at {{ts}} NULL`,
		// The citizen-report queue's state beyond the report row: when it was
		// dispatched, the severity a verified report is ledgered at, how often
		// the reporter reopened it, and the owner of a 无主部件 once settled.
		`CREATE TABLE report_handling (
			report_id BIGINT NOT NULL PRIMARY KEY,
			dispatched_at {{ts}} NULL,
			severity VARCHAR(8) NOT NULL DEFAULT '',
			reopened INT NOT NULL DEFAULT 0,
			reopened_at {{ts}} NULL,
			owner VARCHAR(200) NOT NULL DEFAULT '',
			owner_settled_at {{ts}} NULL,
			updated_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_citizen_reports_category ON citizen_reports (category, status)`,
	}},
	{60, "accounts", []string{
		// When a user last signed in, for the users page; and when its
		// password was reset or the account disabled or enabled: sessions
		// signed in before that end.
		`ALTER TABLE users ADD COLUMN last_login_at {{ts}} NULL`,
		`ALTER TABLE users ADD COLUMN credentials_changed_at {{ts}} NULL`,
		// An API token may expire; NULL never does.
		`ALTER TABLE api_tokens ADD COLUMN expires_at {{ts}} NULL`,
		`CREATE INDEX ix_api_tokens_user ON api_tokens (user_id)`,
		// Login throttling counts failures per username and address.
		`CREATE INDEX ix_login_attempts_pair ON login_attempts (username, ip, created_at)`,
	}},
	{140, "inspector_rosters", []string{
		// The roster (执法人员名录库): a certificate's expiry, the streets an
		// inspector covers (comma-separated codes, '' for all) and the days
		// away (comma-separated YYYY-MM-DD or YYYY-MM-DD~YYYY-MM-DD).
		`ALTER TABLE inspectors ADD COLUMN cert_expires_on {{ts}} NULL`,
		`ALTER TABLE inspectors ADD COLUMN streets VARCHAR(500) NOT NULL DEFAULT ''`,
		`ALTER TABLE inspectors ADD COLUMN away_days VARCHAR(2000) NOT NULL DEFAULT ''`,
		`ALTER TABLE inspectors ADD COLUMN updated_at {{ts}} NULL`,
		// Each target of an order keeps its own state, so an order whose
		// targets could not all be scheduled is picked up again for the rest:
		// '' waits for a plan, visit is planned, skipped is settled for a
		// stated cause; plan_id is the plan that last took it up.
		`ALTER TABLE order_targets ADD COLUMN state VARCHAR(16) NOT NULL DEFAULT ''`,
		`ALTER TABLE order_targets ADD COLUMN cause VARCHAR(16) NOT NULL DEFAULT ''`,
		`ALTER TABLE order_targets ADD COLUMN plan_id BIGINT NULL`,
		// A scheduled audit round is drawn once per period (2026Q4, 2026-12):
		// a second replica's insert of the same period is a conflict.
		`ALTER TABLE audit_rounds ADD COLUMN period VARCHAR(16) NULL`,
		`CREATE UNIQUE INDEX ux_audit_rounds_period ON audit_rounds (period)`,
	}},
	{150, "webhook_nonces", []string{
		// A signed webhook request is valid for the replay window; its
		// (timestamp, nonce, signature), hashed, is remembered here so that
		// every replica refuses it the second time with another message.
		`CREATE TABLE webhook_nonces (
			nonce_key CHAR(64) NOT NULL PRIMARY KEY,
			dedupe_key VARCHAR(191) {{bin}} NOT NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_webhook_nonces_created ON webhook_nonces (created_at)`,
	}},
	{210, "job_leases", []string{
		// A periodic job that every replica schedules runs once per period:
		// the replica that moves the job's row to a new period holds it
		// until the run finishes or the lease expires (a replica that died
		// mid-run).
		`CREATE TABLE job_leases (
			job VARCHAR(64) NOT NULL PRIMARY KEY,
			period VARCHAR(32) NOT NULL DEFAULT '',
			holder VARCHAR(128) NOT NULL DEFAULT '',
			started_at {{ts}} NULL,
			expires_at {{ts}} NULL,
			finished_at {{ts}} NULL
		) {{opts}}`,
	}},
	{310, "change_events", []string{
		// The change feed (GET /api/v1/events): one row per change another
		// system may follow, written in the change's transaction; id is the
		// cursor. street_code, department and item_id cut it to a caller's
		// scope. Score rows are written only when the shown score, grade or
		// decision changed, as score snapshots are.
		`CREATE TABLE change_events (
			id {{pk}},
			kind VARCHAR(16) NOT NULL,
			record_id BIGINT NOT NULL,
			enterprise_id BIGINT NULL,
			street_code VARCHAR(12) NOT NULL DEFAULT '',
			department VARCHAR(64) NOT NULL DEFAULT '',
			item_id VARCHAR(32) NOT NULL DEFAULT '',
			status VARCHAR(32) NOT NULL DEFAULT '',
			score DECIMAL(9,2) NULL,
			created_at {{ts}} NOT NULL
		) {{opts}}`,
		`CREATE INDEX ix_change_events_street ON change_events (street_code, id)`,
	}},
	{420, "personal_data_encrypted", []string{
		// A firm's legal representative and contact phone are stored
		// encrypted (base64 of nonce, ciphertext and tag, with a prefix).
		`{{mysql}}ALTER TABLE enterprises MODIFY legal_rep VARCHAR(512) NOT NULL DEFAULT ''`,
		`{{mysql}}ALTER TABLE enterprises MODIFY contact_phone VARCHAR(255) NOT NULL DEFAULT ''`,
	}},
}
