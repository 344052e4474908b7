-- Observatoire territorial EIT: the one schema.
-- Codes are English snake_case; every label the user sees lives in dashboard/i18n.py.
-- docs/data_dictionary.csv documents every table and column (a test keeps it in step).

-- ---------------------------------------------------------------- metadata
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS import_log_seq START 1;
CREATE TABLE IF NOT EXISTS import_log (
    import_id   INTEGER PRIMARY KEY DEFAULT nextval('import_log_seq'),
    imported_at TIMESTAMP NOT NULL,
    entity      VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    row_count   INTEGER NOT NULL CHECK (row_count >= 0),
    sha256      VARCHAR NOT NULL
);

-- ---------------------------------------------------------------- territories
CREATE TABLE IF NOT EXISTS territory (
    territory_id VARCHAR PRIMARY KEY,            -- '<level>:<code>', e.g. 'commune:41269', 'epci:200072072'
    level        VARCHAR NOT NULL CHECK (level IN ('commune', 'epci', 'departement', 'region', 'perimetre')),
    code         VARCHAR NOT NULL,               -- INSEE/SIREN code, or a slug for custom perimeters
    name         VARCHAR NOT NULL CHECK (length(name) > 0),
    population   INTEGER CHECK (population >= 0),
    geometry     GEOMETRY,                       -- WGS84, simplified for display
    centroid_lon DOUBLE CHECK (centroid_lon BETWEEN -180 AND 180),
    centroid_lat DOUBLE CHECK (centroid_lat BETWEEN -90 AND 90),
    source       VARCHAR NOT NULL,
    is_demo      BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (level, code),
    CHECK (territory_id = level || ':' || code)
);

-- Flattened containment: every commune is listed under each territory that contains it
-- (EPCI, departement, region, custom perimeter); also department -> region and EPCI -> department.
CREATE TABLE IF NOT EXISTS territory_membership (
    member_id    VARCHAR NOT NULL REFERENCES territory (territory_id),
    container_id VARCHAR NOT NULL REFERENCES territory (territory_id),
    PRIMARY KEY (member_id, container_id),
    CHECK (member_id <> container_id)
);

-- ---------------------------------------------------------------- organisations and programmes
CREATE TABLE IF NOT EXISTS organisation (
    org_id VARCHAR PRIMARY KEY,
    name   VARCHAR NOT NULL CHECK (length(name) > 0),
    kind   VARCHAR NOT NULL CHECK (kind IN ('cci', 'cma', 'epci', 'commune', 'association', 'state',
                                             'region', 'ademe', 'eu', 'company', 'other'))
);

CREATE TABLE IF NOT EXISTS programme (
    programme_id           VARCHAR PRIMARY KEY,
    name                   VARCHAR NOT NULL CHECK (length(name) > 0),
    carrier_org_id         VARCHAR NOT NULL REFERENCES organisation (org_id),
    perimeter_territory_id VARCHAR NOT NULL REFERENCES territory (territory_id),
    start_date             DATE,
    end_date               DATE,
    budget_eur             DECIMAL(14, 2) CHECK (budget_eur >= 0),
    budget_note            VARCHAR,
    fte                    DOUBLE CHECK (fte >= 0),
    description            VARCHAR,
    source                 VARCHAR NOT NULL,
    is_demo                BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

-- Key figures a programme publishes about itself (seed 004's "chiffres clés"): declared, not computed.
CREATE TABLE IF NOT EXISTS programme_key_figure (
    programme_id VARCHAR NOT NULL REFERENCES programme (programme_id),
    figure_code  VARCHAR NOT NULL,
    label        VARCHAR NOT NULL,
    value        DOUBLE NOT NULL CHECK (value >= 0),
    unit         VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,
    PRIMARY KEY (programme_id, figure_code)
);

-- ---------------------------------------------------------------- companies and register
CREATE TABLE IF NOT EXISTS company (
    company_id    VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL CHECK (length(name) > 0),
    siret         VARCHAR UNIQUE CHECK (siret IS NULL OR regexp_full_match(siret, '[0-9]{14}')),
    naf_code      VARCHAR CHECK (naf_code IS NULL OR regexp_full_match(naf_code, '[0-9]{2}\.[0-9]{2}[A-Z]')),
    sector_family VARCHAR NOT NULL CHECK (sector_family IN ('alimentation', 'batiment', 'fabrication', 'services', 'hors_artisanat')),
    size_band     VARCHAR NOT NULL CHECK (size_band IN ('0', '1-9', '10-49', '50-249', '250+')),
    commune_id    VARCHAR NOT NULL REFERENCES territory (territory_id),
    longitude     DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    latitude      DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    business_park VARCHAR,
    establishment_id VARCHAR UNIQUE,             -- register establishment it was handed over from ("qui visiter")
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((longitude IS NULL) = (latitude IS NULL))
);

-- Establishment-level register extract (national business register shape), for the artisan observatory.
CREATE TABLE IF NOT EXISTS establishment (
    establishment_id VARCHAR PRIMARY KEY,           -- SIRET or register identifier
    naf_code         VARCHAR NOT NULL CHECK (regexp_full_match(naf_code, '[0-9]{2}\.[0-9]{2}[A-Z]')),
    sector_family    VARCHAR CHECK (sector_family IN ('alimentation', 'batiment', 'fabrication', 'services')),
    commune_id       VARCHAR NOT NULL REFERENCES territory (territory_id),
    creation_date    DATE NOT NULL,
    closure_date     DATE,
    employees_band   VARCHAR NOT NULL CHECK (employees_band IN ('0', '1-2', '3-5', '6-9', '10-19', '20-49', '50+')),
    owner_age_band   VARCHAR CHECK (owner_age_band IN ('lt30', '30_44', '45_54', '55_plus')),
    owner_is_woman   BOOLEAN,
    is_demo          BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (closure_date IS NULL OR closure_date >= creation_date)
);

-- ---------------------------------------------------------------- artisan statistics
CREATE TABLE IF NOT EXISTS artisan_stat (
    commune_id       VARCHAR NOT NULL REFERENCES territory (territory_id),
    year             INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    sector_family    VARCHAR NOT NULL CHECK (sector_family IN ('alimentation', 'batiment', 'fabrication', 'services')),
    establishments   INTEGER NOT NULL CHECK (establishments >= 0),
    creations        INTEGER NOT NULL CHECK (creations >= 0),
    closures         INTEGER NOT NULL CHECK (closures >= 0),
    employees        INTEGER NOT NULL CHECK (employees >= 0),
    owners_total     INTEGER NOT NULL CHECK (owners_total >= 0),
    owners_lt30      INTEGER NOT NULL CHECK (owners_lt30 >= 0),
    owners_30_44     INTEGER NOT NULL CHECK (owners_30_44 >= 0),
    owners_45_54     INTEGER NOT NULL CHECK (owners_45_54 >= 0),
    owners_55_plus   INTEGER NOT NULL CHECK (owners_55_plus >= 0),
    owners_women     INTEGER NOT NULL CHECK (owners_women >= 0),
    source           VARCHAR NOT NULL,
    is_demo          BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (commune_id, year, sector_family),
    CHECK (owners_lt30 + owners_30_44 + owners_45_54 + owners_55_plus = owners_total),
    CHECK (owners_women <= owners_total)
);

-- ---------------------------------------------------------------- nomenclature and units
CREATE TABLE IF NOT EXISTS unit (
    unit_code  VARCHAR PRIMARY KEY,
    label      VARCHAR NOT NULL,
    dimension  VARCHAR NOT NULL CHECK (dimension IN ('mass', 'volume', 'energy', 'count', 'time', 'area', 'money', 'fte', 'distance')),
    to_base    DOUBLE NOT NULL CHECK (to_base > 0)   -- factor to the dimension's base unit (t, m3, MWh, ...)
);

CREATE TABLE IF NOT EXISTS flow_category (
    category_code VARCHAR PRIMARY KEY,
    parent_code   VARCHAR REFERENCES flow_category (category_code),
    label         VARCHAR NOT NULL,
    family        VARCHAR NOT NULL CHECK (family IN ('matiere', 'dechet', 'energie', 'eau', 'logistique',
                                                      'equipement', 'competence', 'emploi', 'service')),
    default_unit  VARCHAR REFERENCES unit (unit_code),
    ewc_chapter   VARCHAR CHECK (ewc_chapter IS NULL OR regexp_full_match(ewc_chapter, '[0-9]{2}')),
    CHECK (parent_code IS NULL OR parent_code <> category_code)
);

-- Substitution knowledge base: which output category can feed which input category.
CREATE TABLE IF NOT EXISTS flow_compatibility (
    output_category VARCHAR NOT NULL REFERENCES flow_category (category_code),
    input_category  VARCHAR NOT NULL REFERENCES flow_category (category_code),
    note            VARCHAR,
    source          VARCHAR NOT NULL,
    PRIMARY KEY (output_category, input_category)
);

-- ---------------------------------------------------------------- diagnostics and flows
CREATE TABLE IF NOT EXISTS diagnostic (
    diagnostic_id   VARCHAR PRIMARY KEY,
    company_id      VARCHAR NOT NULL REFERENCES company (company_id),
    programme_id    VARCHAR REFERENCES programme (programme_id),
    diagnostic_date DATE NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('flash', 'complete', 'biowaste', 'pallets', 'energy', 'thematic')),
    advisor_org_id  VARCHAR REFERENCES organisation (org_id),
    is_demo         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS flow (
    flow_id       VARCHAR PRIMARY KEY,
    company_id    VARCHAR NOT NULL REFERENCES company (company_id),
    diagnostic_id VARCHAR REFERENCES diagnostic (diagnostic_id),
    direction     VARCHAR NOT NULL CHECK (direction IN ('in', 'out')),
    category_code VARCHAR NOT NULL REFERENCES flow_category (category_code),
    description   VARCHAR,
    quantity      DOUBLE CHECK (quantity >= 0),
    unit_code     VARCHAR REFERENCES unit (unit_code),
    frequency     VARCHAR NOT NULL CHECK (frequency IN ('one_off', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'continuous')),
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((quantity IS NULL) = (unit_code IS NULL))
);

-- ---------------------------------------------------------------- synergies
CREATE TABLE IF NOT EXISTS synergy (
    synergy_id       VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL CHECK (length(title) > 0),
    synergy_type     VARCHAR NOT NULL CHECK (synergy_type IN ('substitution', 'mutualisation')),
    category_code    VARCHAR REFERENCES flow_category (category_code),
    programme_id     VARCHAR REFERENCES programme (programme_id),
    territory_id     VARCHAR NOT NULL REFERENCES territory (territory_id),
    description      VARCHAR,
    origin           VARCHAR NOT NULL CHECK (origin IN ('seed', 'manual', 'import', 'detection', 'demo')),
    source           VARCHAR NOT NULL,
    is_demo          BOOLEAN NOT NULL DEFAULT FALSE
);

-- Dated status history; the current status is the latest event (view synergy_current).
CREATE TABLE IF NOT EXISTS synergy_status_event (
    synergy_id         VARCHAR NOT NULL REFERENCES synergy (synergy_id),
    status             VARCHAR NOT NULL CHECK (status IN ('identified', 'in_study', 'in_progress', 'realised', 'abandoned')),
    event_date         DATE NOT NULL,
    abandonment_reason VARCHAR CHECK (abandonment_reason IN ('economic', 'technical', 'regulatory', 'distance',
                                                             'volume', 'company_left', 'no_interest', 'other')),
    comment            VARCHAR,
    PRIMARY KEY (synergy_id, status, event_date),
    CHECK ((status = 'abandoned') = (abandonment_reason IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS synergy_participant (
    synergy_id VARCHAR NOT NULL REFERENCES synergy (synergy_id),
    company_id VARCHAR NOT NULL REFERENCES company (company_id),
    role       VARCHAR NOT NULL CHECK (role IN ('supplier', 'receiver', 'member', 'coordinator')),
    PRIMARY KEY (synergy_id, company_id, role)
);

CREATE TABLE IF NOT EXISTS synergy_impact (
    synergy_id  VARCHAR NOT NULL REFERENCES synergy (synergy_id),
    impact_kind VARCHAR NOT NULL CHECK (impact_kind IN ('tonnes', 'tco2e', 'water_m3', 'energy_mwh', 'savings_eur', 'jobs')),
    value       DOUBLE NOT NULL CHECK (value >= 0),
    basis       VARCHAR NOT NULL CHECK (basis IN ('declared', 'computed', 'estimated')),
    source      VARCHAR NOT NULL,
    as_of       DATE NOT NULL,
    PRIMARY KEY (synergy_id, impact_kind)
);

-- Detection proposals the user dismissed: never proposed again.
CREATE TABLE IF NOT EXISTS synergy_dismissal (
    proposal_key VARCHAR PRIMARY KEY,   -- stable hash of type, categories and sorted company ids
    dismissed_at TIMESTAMP NOT NULL,
    comment      VARCHAR
);

-- ---------------------------------------------------------------- animation
CREATE TABLE IF NOT EXISTS event (
    event_id             VARCHAR PRIMARY KEY,
    event_kind           VARCHAR NOT NULL CHECK (event_kind IN ('workshop', 'thematic_meeting', 'copil', 'cotech', 'launch', 'other')),
    event_date           DATE NOT NULL,
    title                VARCHAR NOT NULL CHECK (length(title) > 0),
    theme                VARCHAR,
    territory_id         VARCHAR NOT NULL REFERENCES territory (territory_id),
    programme_id         VARCHAR REFERENCES programme (programme_id),
    attendance_total     INTEGER CHECK (attendance_total >= 0),
    attendance_companies INTEGER CHECK (attendance_companies >= 0),
    is_demo              BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (attendance_companies IS NULL OR attendance_total IS NULL OR attendance_companies <= attendance_total)
);

CREATE TABLE IF NOT EXISTS event_participant (
    event_id   VARCHAR NOT NULL REFERENCES event (event_id),
    company_id VARCHAR NOT NULL REFERENCES company (company_id),
    PRIMARY KEY (event_id, company_id)
);

-- ---------------------------------------------------------------- indicators
CREATE TABLE IF NOT EXISTS indicator (
    indicator_code VARCHAR PRIMARY KEY,
    label          VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    decimals       INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 3),
    pillar         VARCHAR NOT NULL CHECK (pillar IN ('gouvernance', 'modele_economique', 'activites_resultats')),
    direction      VARCHAR NOT NULL CHECK (direction IN ('higher_better', 'lower_better')),
    realisation    VARCHAR NOT NULL CHECK (realisation IN ('computed', 'declared')),
    mandatory      BOOLEAN NOT NULL,
    definition     VARCHAR NOT NULL,
    rule           VARCHAR,               -- documented computation rule for computed indicators
    min_value      DOUBLE,                -- bounds a declared value or target must respect (entry validation)
    max_value      DOUBLE,
    aggregation    VARCHAR NOT NULL DEFAULT 'none'
                   CHECK (aggregation IN ('distinct', 'sum', 'rate', 'none')),  -- how scopes combine
    CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
);

-- A value belongs to exactly one scope: a territory or a programme (scope_id repeats the key so that
-- one UNIQUE constraint covers both, NULLs never being equal in SQL).
CREATE SEQUENCE IF NOT EXISTS indicator_value_seq START 1;
CREATE TABLE IF NOT EXISTS indicator_value (
    value_id       INTEGER PRIMARY KEY DEFAULT nextval('indicator_value_seq'),
    indicator_code VARCHAR NOT NULL REFERENCES indicator (indicator_code),
    scope_type     VARCHAR NOT NULL CHECK (scope_type IN ('territory', 'programme')),
    scope_id       VARCHAR NOT NULL,
    territory_id   VARCHAR REFERENCES territory (territory_id),
    programme_id   VARCHAR REFERENCES programme (programme_id),
    period_year    INTEGER NOT NULL CHECK (period_year BETWEEN 1990 AND 2100),
    period_quarter INTEGER NOT NULL DEFAULT 0 CHECK (period_quarter BETWEEN 0 AND 4),  -- 0 = whole year
    value_kind     VARCHAR NOT NULL CHECK (value_kind IN ('reference', 'target', 'actual', 'estimate')),
    value          DOUBLE NOT NULL,
    provenance     VARCHAR NOT NULL CHECK (provenance IN ('declared', 'computed', 'estimated', 'imported')),
    source         VARCHAR NOT NULL,
    as_of          DATE NOT NULL,
    comment        VARCHAR,
    is_demo        BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (indicator_code, scope_type, scope_id, period_year, period_quarter, value_kind),
    -- IS NOT DISTINCT FROM: a NULL comparison would make the CHECK pass silently
    CHECK ((scope_type = 'territory' AND territory_id IS NOT DISTINCT FROM scope_id AND programme_id IS NULL)
        OR (scope_type = 'programme' AND programme_id IS NOT DISTINCT FROM scope_id AND territory_id IS NULL))
);

-- No FOREIGN KEY on value_id: DuckDB refuses to UPDATE a row that another table references, and correcting a
-- value is exactly that; dashboard/indicators/entry.py writes the value and its history row in one transaction.
CREATE TABLE IF NOT EXISTS indicator_value_history (
    value_id       INTEGER NOT NULL,              -- indicator_value.value_id
    changed_at     TIMESTAMP NOT NULL,
    changed_by     VARCHAR,
    previous_value DOUBLE,
    new_value      DOUBLE NOT NULL,
    comment        VARCHAR,
    PRIMARY KEY (value_id, changed_at)
);

-- ---------------------------------------------------------------- conventions and funding
CREATE TABLE IF NOT EXISTS convention (
    convention_id VARCHAR PRIMARY KEY,
    title         VARCHAR NOT NULL,
    territory_id  VARCHAR NOT NULL REFERENCES territory (territory_id),
    programme_id  VARCHAR REFERENCES programme (programme_id),
    start_date    DATE NOT NULL,
    end_date      DATE NOT NULL,
    signed_on     DATE,
    ceiling_eur   DECIMAL(14, 2) NOT NULL CHECK (ceiling_eur >= 0),
    payment_rule  VARCHAR NOT NULL CHECK (payment_rule IN ('pro_rata', 'flat')),
    source        VARCHAR NOT NULL,
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (end_date >= start_date)
);

CREATE TABLE IF NOT EXISTS convention_party (
    convention_id VARCHAR NOT NULL REFERENCES convention (convention_id),
    org_id        VARCHAR NOT NULL REFERENCES organisation (org_id),
    role          VARCHAR NOT NULL CHECK (role IN ('payer', 'beneficiary', 'partner')),
    PRIMARY KEY (convention_id, org_id)
);

CREATE TABLE IF NOT EXISTS convention_action (
    convention_id      VARCHAR NOT NULL REFERENCES convention (convention_id),
    action_code        VARCHAR NOT NULL,
    label              VARCHAR NOT NULL,
    article            VARCHAR,
    flat_amount_eur    DECIMAL(14, 2) NOT NULL CHECK (flat_amount_eur >= 0),
    committed_quantity DOUBLE NOT NULL CHECK (committed_quantity > 0),
    quantity_unit      VARCHAR NOT NULL,
    realised_quantity  DOUBLE CHECK (realised_quantity >= 0),
    realised_as_of     DATE,
    realisation_source VARCHAR,                  -- evidence of the declared realisation (report, list, invoice)
    PRIMARY KEY (convention_id, action_code)
);

-- Funding: an envelope per funder and phase as stated by the source, broken down into period lines.
CREATE TABLE IF NOT EXISTS funding_envelope (
    envelope_id    VARCHAR PRIMARY KEY,
    programme_id   VARCHAR NOT NULL REFERENCES programme (programme_id),
    funder_org_id  VARCHAR REFERENCES organisation (org_id),   -- NULL while the split between funders is open
    funder_label   VARCHAR NOT NULL,
    phase_label    VARCHAR NOT NULL,
    amount_eur     DECIMAL(14, 2) NOT NULL CHECK (amount_eur >= 0),
    status         VARCHAR NOT NULL CHECK (status IN ('secured', 'requested', 'to_allocate')),
    source         VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS funding_line (
    envelope_id  VARCHAR NOT NULL REFERENCES funding_envelope (envelope_id),
    period_label VARCHAR NOT NULL,                -- e.g. '2018', '1er semestre 2020'
    year         INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    amount_eur   DECIMAL(14, 2) NOT NULL CHECK (amount_eur >= 0),
    PRIMARY KEY (envelope_id, period_label),
    CHECK (period_end >= period_start)
);

-- ---------------------------------------------------------------- self-assessment (ASSETT-style)
CREATE TABLE IF NOT EXISTS sa_questionnaire (
    questionnaire_id VARCHAR PRIMARY KEY,
    title            VARCHAR NOT NULL,
    version          VARCHAR NOT NULL,
    published_on     DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS sa_theme (
    questionnaire_id VARCHAR NOT NULL REFERENCES sa_questionnaire (questionnaire_id),
    theme_code       VARCHAR NOT NULL CHECK (theme_code IN ('energie', 'dechets_economie_circulaire', 'eau_agriculture_biodiversite', 'mobilite')),
    label            VARCHAR NOT NULL,
    PRIMARY KEY (questionnaire_id, theme_code)
);

CREATE TABLE IF NOT EXISTS sa_question (
    questionnaire_id VARCHAR NOT NULL,
    question_code    VARCHAR NOT NULL,
    theme_code       VARCHAR NOT NULL,
    text             VARCHAR NOT NULL,
    max_points       INTEGER NOT NULL CHECK (max_points > 0),
    PRIMARY KEY (questionnaire_id, question_code),
    FOREIGN KEY (questionnaire_id, theme_code) REFERENCES sa_theme (questionnaire_id, theme_code)
);

-- Level labels by average score out of 5 (e.g. 'Niveau avancé' from 2.5).
CREATE TABLE IF NOT EXISTS sa_level (
    questionnaire_id VARCHAR NOT NULL REFERENCES sa_questionnaire (questionnaire_id),
    min_score        DOUBLE NOT NULL CHECK (min_score BETWEEN 0 AND 5),
    label            VARCHAR NOT NULL,
    PRIMARY KEY (questionnaire_id, min_score)
);

CREATE TABLE IF NOT EXISTS sa_response (
    response_id      VARCHAR PRIMARY KEY,
    questionnaire_id VARCHAR NOT NULL REFERENCES sa_questionnaire (questionnaire_id),
    company_id       VARCHAR NOT NULL REFERENCES company (company_id),
    submitted_on     DATE NOT NULL,
    is_demo          BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (company_id, questionnaire_id, submitted_on)
);

CREATE TABLE IF NOT EXISTS sa_answer (
    response_id      VARCHAR NOT NULL REFERENCES sa_response (response_id),
    questionnaire_id VARCHAR NOT NULL,
    question_code    VARCHAR NOT NULL,
    points           INTEGER NOT NULL CHECK (points >= 0),
    PRIMARY KEY (response_id, question_code),
    FOREIGN KEY (questionnaire_id, question_code) REFERENCES sa_question (questionnaire_id, question_code)
);

-- ---------------------------------------------------------------- report snapshots (issue 11)
-- "Figer les chiffres": every figure a COPIL was shown and a quarterly report printed, frozen under a name and
-- a date. A snapshot is never edited, only added or deleted (figures first, in one transaction).
CREATE SEQUENCE IF NOT EXISTS report_snapshot_seq START 1;
CREATE TABLE IF NOT EXISTS report_snapshot (
    snapshot_id   INTEGER PRIMARY KEY DEFAULT nextval('report_snapshot_seq'),
    name          VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
    scope_type    VARCHAR NOT NULL CHECK (scope_type IN ('territory', 'programme')),
    scope_id      VARCHAR NOT NULL,
    scope_name    VARCHAR NOT NULL,
    period_year   INTEGER NOT NULL CHECK (period_year BETWEEN 1990 AND 2100),
    period_quarter INTEGER NOT NULL CHECK (period_quarter BETWEEN 0 AND 4),
    copil_date    DATE NOT NULL,
    frozen_at     TIMESTAMP NOT NULL,
    data_as_of    DATE,
    content_json  VARCHAR NOT NULL,
    UNIQUE (scope_type, scope_id, period_year, period_quarter, name)
);
-- No REFERENCES on snapshot_id: DuckDB checks a foreign key against the rows as they were before the
-- transaction, so a snapshot and its figures could not be deleted together, all or nothing. Figures are only
-- written with their snapshot (snapshots.freeze) and deleted with it (snapshots.delete_snapshot).
CREATE TABLE IF NOT EXISTS report_snapshot_figure (
    snapshot_id    INTEGER NOT NULL,
    indicator_code VARCHAR NOT NULL,
    value          DOUBLE,
    provenance     VARCHAR CHECK (provenance IN ('computed', 'declared', 'estimated', 'imported')),
    source         VARCHAR,
    value_as_of    DATE,
    target_value   DOUBLE,
    target_year    INTEGER,
    status         VARCHAR NOT NULL CHECK (status IN ('met', 'on_track', 'late', 'no_target', 'no_value')),
    PRIMARY KEY (snapshot_id, indicator_code)
);
-- ---------------------------------------------------------------- end of report snapshots

-- ---------------------------------------------------------------- views (derived, never stored)
CREATE OR REPLACE VIEW territory_commune AS
    SELECT territory_id, territory_id AS commune_id FROM territory WHERE level = 'commune'
    UNION ALL
    SELECT m.container_id AS territory_id, m.member_id AS commune_id
    FROM territory_membership m JOIN territory t ON t.territory_id = m.member_id
    WHERE t.level = 'commune';

CREATE OR REPLACE VIEW synergy_current AS
    WITH latest AS (
        SELECT synergy_id, status, event_date AS status_date, abandonment_reason
        FROM synergy_status_event
        -- same-day events: the later pipeline stage wins
        QUALIFY row_number() OVER (
            PARTITION BY synergy_id
            ORDER BY event_date DESC,
                     CASE status WHEN 'abandoned' THEN 5 WHEN 'realised' THEN 4 WHEN 'in_progress' THEN 3
                                 WHEN 'in_study' THEN 2 ELSE 1 END DESC) = 1
    ), first_event AS (
        SELECT synergy_id, min(event_date) AS identified_date FROM synergy_status_event GROUP BY synergy_id
    )
    SELECT s.*, latest.status, latest.status_date, latest.abandonment_reason, first_event.identified_date
    FROM synergy s JOIN latest USING (synergy_id) JOIN first_event USING (synergy_id);

CREATE OR REPLACE VIEW sa_theme_score AS
    SELECT r.response_id, r.company_id, r.questionnaire_id, r.submitted_on, q.theme_code,
           5.0 * sum(a.points) / sum(q.max_points) AS score
    FROM sa_response r
    JOIN sa_answer a ON a.response_id = r.response_id
    JOIN sa_question q ON q.questionnaire_id = a.questionnaire_id AND q.question_code = a.question_code
    GROUP BY ALL;

-- ---------------------------------------------------------------- record editing: history, versions, archive (issue 12)
-- Every create, edit, archive and restore made in the interface is one row here, written in the same transaction
-- as the change itself (dashboard/records/store.py). A record's version is its latest row's version (0 for a
-- record never edited in the interface, e.g. imported); the UNIQUE key makes two concurrent saves of the same
-- version impossible even if the application's own check were bypassed.
CREATE SEQUENCE IF NOT EXISTS record_change_seq START 1;
CREATE TABLE IF NOT EXISTS record_change (
    change_id   INTEGER PRIMARY KEY DEFAULT nextval('record_change_seq'),
    entity      VARCHAR NOT NULL CHECK (entity IN ('company', 'diagnostic', 'synergy', 'event', 'convention_action',
                                                   'programme', 'sa_response')),
    record_id   VARCHAR NOT NULL,                -- the record's key (composite keys joined by '/')
    version     INTEGER NOT NULL CHECK (version >= 1),
    action      VARCHAR NOT NULL CHECK (action IN ('create', 'edit', 'archive', 'unarchive', 'restore', 'purge')),
    changed_at  TIMESTAMP NOT NULL,
    changed_by  VARCHAR NOT NULL CHECK (length(trim(changed_by)) > 0),  -- a name until sign-in lands (issue 13)
    before_json JSON,                            -- the record and its parts before (NULL on create)
    after_json  JSON,                            -- after (the archived snapshot stays in before_json)
    territory_ids JSON NOT NULL,                 -- communes the record touches (cache invalidation)
    UNIQUE (entity, record_id, version)
);

-- A save refused because someone else saved the record first: what the person typed is kept, never lost.
CREATE SEQUENCE IF NOT EXISTS record_conflict_seq START 1;
CREATE TABLE IF NOT EXISTS record_conflict (
    conflict_id     INTEGER PRIMARY KEY DEFAULT nextval('record_conflict_seq'),
    entity          VARCHAR NOT NULL,
    record_id       VARCHAR NOT NULL,
    based_on        INTEGER NOT NULL CHECK (based_on >= 0),  -- the version the person had opened
    current_version INTEGER NOT NULL CHECK (current_version > based_on),
    submitted_at    TIMESTAMP NOT NULL,
    submitted_by    VARCHAR NOT NULL CHECK (length(trim(submitted_by)) > 0),
    submitted_json  JSON NOT NULL                -- the refused values, as typed
);

-- Archived records: the row stays in its table (DuckDB cannot delete a parent row and its children in one
-- transaction, and a restore must give back the same record), and the `live` views below hide it.
CREATE TABLE IF NOT EXISTS record_archive (
    entity      VARCHAR NOT NULL,
    record_id   VARCHAR NOT NULL,
    archived_at TIMESTAMP NOT NULL,
    archived_by VARCHAR NOT NULL CHECK (length(trim(archived_by)) > 0),
    PRIMARY KEY (entity, record_id)
);

-- The one "not archived" rule. Every read of the application goes through these views: the read cursors of
-- dashboard/db.py search the `live` schema before `main`, so `FROM company` in any query means the live
-- companies. Writes (transaction cursors) see the base tables. An archived company takes its diagnostics, flows,
-- participations and self-assessments with it; an archived synergy, event or diagnostic takes its parts.
CREATE SCHEMA IF NOT EXISTS live;
-- Uncorrelated NOT IN lists (one hash anti-join each) rather than chains of views: reads stay as fast as on the
-- base tables (benches/bench_records.py). record_id is never NULL, and nullable references are tested first.
CREATE OR REPLACE VIEW live.archived AS
    SELECT entity, record_id FROM main.record_archive;
CREATE OR REPLACE VIEW live.company AS
    SELECT * FROM main.company
    WHERE company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company');
CREATE OR REPLACE VIEW live.diagnostic AS
    SELECT * FROM main.diagnostic
    WHERE company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company')
      AND diagnostic_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'diagnostic');
CREATE OR REPLACE VIEW live.flow AS
    SELECT * FROM main.flow
    WHERE company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company')
      AND (diagnostic_id IS NULL
           OR diagnostic_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'diagnostic'));
CREATE OR REPLACE VIEW live.synergy AS
    SELECT * FROM main.synergy
    WHERE synergy_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'synergy');
CREATE OR REPLACE VIEW live.synergy_status_event AS
    SELECT * FROM main.synergy_status_event
    WHERE synergy_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'synergy');
CREATE OR REPLACE VIEW live.synergy_impact AS
    SELECT * FROM main.synergy_impact
    WHERE synergy_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'synergy');
CREATE OR REPLACE VIEW live.synergy_participant AS
    SELECT * FROM main.synergy_participant
    WHERE synergy_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'synergy')
      AND company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company');
CREATE OR REPLACE VIEW live.synergy_current AS
    SELECT * FROM main.synergy_current
    WHERE synergy_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'synergy');
CREATE OR REPLACE VIEW live.event AS
    SELECT * FROM main.event
    WHERE event_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'event');
CREATE OR REPLACE VIEW live.event_participant AS
    SELECT * FROM main.event_participant
    WHERE event_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'event')
      AND company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company');
CREATE OR REPLACE VIEW live.sa_response AS
    SELECT * FROM main.sa_response
    WHERE company_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'company')
      AND response_id NOT IN (SELECT record_id FROM live.archived WHERE entity = 'sa_response');
CREATE OR REPLACE VIEW live.sa_answer AS
    SELECT * FROM main.sa_answer WHERE response_id IN (SELECT response_id FROM live.sa_response);
CREATE OR REPLACE VIEW live.sa_theme_score AS
    SELECT * FROM main.sa_theme_score WHERE response_id IN (SELECT response_id FROM live.sa_response);

-- ---------------------------------------------------------------- scope layer
-- Which records belong to a scope, defined once here and used by every query (dashboard/scope.py documents the
-- rule). A scope is a territory id ('commune:41269', 'epci:200072072', 'departement:41', 'region:24',
-- 'perimetre:<slug>'): its records are counted by PLACE (companies located in its communes, records attached to
-- it or to one of its members, synergies with a local participant); or 'programme:<programme_id>': its records
-- are the programme's OWN (tagged with its programme_id), whatever their place. Queries pass the scope as
-- the named parameter $scope: `WHERE company_id IN (SELECT company_id FROM scope_companies($scope))`.
CREATE OR REPLACE MACRO scope_territories(scope) AS TABLE
    SELECT territory_id FROM territory WHERE territory_id = scope
    UNION SELECT member_id FROM territory_membership WHERE container_id = scope;

CREATE OR REPLACE MACRO scope_communes(scope) AS TABLE
    SELECT commune_id FROM territory_commune WHERE territory_id = scope
    UNION SELECT c.commune_id FROM programme p JOIN territory_commune c ON c.territory_id = p.perimeter_territory_id
    WHERE 'programme:' || p.programme_id = scope;

CREATE OR REPLACE MACRO scope_companies(scope) AS TABLE
    SELECT company_id FROM company
    WHERE commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = scope)
    UNION SELECT company_id FROM diagnostic WHERE 'programme:' || programme_id = scope
    UNION SELECT p.company_id FROM synergy_participant p JOIN synergy s USING (synergy_id)
    WHERE 'programme:' || s.programme_id = scope
    UNION SELECT p.company_id FROM event_participant p JOIN event e USING (event_id)
    WHERE 'programme:' || e.programme_id = scope;

CREATE OR REPLACE MACRO scope_diagnostics(scope) AS TABLE
    SELECT d.diagnostic_id FROM diagnostic d JOIN company c USING (company_id)
    WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = scope)
    UNION SELECT diagnostic_id FROM diagnostic WHERE 'programme:' || programme_id = scope;

-- Flows: a territory's are its companies' flows (undated ones included); a programme's, its diagnostics' flows.
CREATE OR REPLACE MACRO scope_flows(scope) AS TABLE
    SELECT f.flow_id FROM flow f JOIN company c USING (company_id)
    WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = scope)
    UNION SELECT f.flow_id FROM flow f JOIN diagnostic d USING (diagnostic_id)
    WHERE 'programme:' || d.programme_id = scope;

CREATE OR REPLACE MACRO scope_synergies(scope) AS TABLE
    SELECT synergy_id FROM synergy WHERE territory_id IN (SELECT territory_id FROM scope_territories(scope))
    UNION SELECT p.synergy_id FROM synergy_participant p JOIN company c USING (company_id)
    WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = scope)
    UNION SELECT synergy_id FROM synergy WHERE 'programme:' || programme_id = scope;

CREATE OR REPLACE MACRO scope_events(scope) AS TABLE
    SELECT event_id FROM event WHERE territory_id IN (SELECT territory_id FROM scope_territories(scope))
    UNION SELECT event_id FROM event WHERE 'programme:' || programme_id = scope;

-- Self-assessment responses: those of the scope's companies.
CREATE OR REPLACE MACRO scope_sa_responses(scope) AS TABLE
    SELECT response_id FROM sa_response WHERE company_id IN (SELECT company_id FROM scope_companies(scope));

-- Targets, references and declared values: a territory's own and those of the programmes whose perimeter it is;
-- a programme's own.
CREATE OR REPLACE MACRO scope_indicator_values(scope) AS TABLE
    SELECT v.value_id FROM indicator_value v LEFT JOIN programme p USING (programme_id)
    WHERE v.territory_id = scope OR p.perimeter_territory_id = scope OR 'programme:' || v.programme_id = scope;

-- ---------------------------------------------------------------- accounts, roles and audit trail (issue 13)
-- Kept together between these markers: dashboard.auth.store applies this section to a database created before
-- it existed (every statement is IF NOT EXISTS). Codes mirror dashboard.auth.roles.
CREATE TABLE IF NOT EXISTS app_user (
    user_id       VARCHAR PRIMARY KEY,
    login         VARCHAR NOT NULL UNIQUE CHECK (regexp_full_match(login, '[a-z0-9][a-z0-9._@-]{2,63}')),
    display_name  VARCHAR NOT NULL CHECK (length(trim(display_name)) > 0),
    email         VARCHAR UNIQUE CHECK (email IS NULL OR (email = lower(email) AND email LIKE '%_@_%')),
    -- argon2id PHC string; NULL for identity-provider accounts and the demo's one-click accounts
    password_hash VARCHAR CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    is_active     BOOLEAN NOT NULL DEFAULT TRUE,
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL,
    created_by    VARCHAR                        -- login of the creator; NULL: command line or first start
);

-- A role held on a scope: everything ('all', '*'), a territory (and the communes under it) or a programme (and
-- its perimeter). A user may hold several.
CREATE TABLE IF NOT EXISTS user_role (
    user_id    VARCHAR NOT NULL REFERENCES app_user (user_id),
    role       VARCHAR NOT NULL CHECK (role IN ('administrator', 'project_officer', 'copil_reader')),
    scope_type VARCHAR NOT NULL CHECK (scope_type IN ('all', 'territory', 'programme')),
    scope_id   VARCHAR NOT NULL,
    PRIMARY KEY (user_id, role, scope_type, scope_id),
    CHECK ((scope_type = 'all') = (scope_id = '*')),
    CHECK (role <> 'administrator' OR scope_type = 'all')
);

-- Failed sign-ins per login (known or not, so that an unknown login is slowed down the same way).
CREATE TABLE IF NOT EXISTS sign_in_failure (
    login           VARCHAR PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures > 0),
    last_failure_at TIMESTAMP NOT NULL,
    not_before      TIMESTAMP,                    -- no attempt is checked before this time (slow-down)
    locked_until    TIMESTAMP                     -- lock-out after too many failures
);

-- Who did what and when: every write of the dashboard and the command line, and every sign-in.
CREATE SEQUENCE IF NOT EXISTS audit_event_seq START 1;
CREATE TABLE IF NOT EXISTS audit_event (
    event_id     BIGINT PRIMARY KEY DEFAULT nextval('audit_event_seq'),
    occurred_at  TIMESTAMP NOT NULL,
    user_id      VARCHAR,                         -- NULL: the command line or the system
    user_label   VARCHAR NOT NULL,                -- login at the time (kept when the account is renamed)
    action       VARCHAR NOT NULL CHECK (action IN ('sign_in', 'sign_in_failed', 'sign_out', 'user_created',
                                                     'user_changed', 'import', 'edit', 'accept_proposal',
                                                     'dismiss_proposal', 'hand_over', 'indicator_entry')),
    entity       VARCHAR,                         -- table or import entity concerned
    record_id    VARCHAR,
    territory_id VARCHAR,
    detail       VARCHAR
);
-- ---------------------------------------------------------------- end of accounts (issue 13)
