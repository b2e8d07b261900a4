-- Budget planning (issue 15): licence renewals, category budget policies
-- (price change, depreciation, capital or operating), per-asset
-- depreciation overrides, task capex/opex overrides and disposal dates.

-- Every licence with a cost and an end date renews at its end unless it is
-- marked as not renewing; term_months 0 lets the budget pick the term.
ALTER TABLE licences ADD COLUMN renews INTEGER NOT NULL DEFAULT 1 CHECK (renews IN (0, 1));
ALTER TABLE licences ADD COLUMN term_months INTEGER NOT NULL DEFAULT 0 CHECK (term_months BETWEEN 0 AND 120);

-- A category's budget policy, beside the category (one row per category
-- that has one; none means no price change, no depreciation, capex).
-- Shares and rates are basis points (300 = 3 %).
CREATE TABLE category_budget (
	category             TEXT PRIMARY KEY REFERENCES categories(name) ON UPDATE CASCADE ON DELETE CASCADE,
	price_change_bp      INTEGER NOT NULL DEFAULT 0 CHECK (price_change_bp BETWEEN -5000 AND 10000),
	depreciation         TEXT NOT NULL DEFAULT 'none' CHECK (depreciation IN ('none', 'straight_line', 'declining_balance')),
	depreciation_years   INTEGER NOT NULL DEFAULT 0 CHECK (depreciation_years BETWEEN 0 AND 50),
	depreciation_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (depreciation_rate_bp BETWEEN 0 AND 10000),
	residual_bp          INTEGER NOT NULL DEFAULT 0 CHECK (residual_bp BETWEEN 0 AND 10000),
	spend                TEXT NOT NULL DEFAULT '' CHECK (spend IN ('', 'capex', 'opex'))
) WITHOUT ROWID;

-- An asset's own depreciation policy, overriding its category's.
CREATE TABLE asset_depreciation (
	asset_id             INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
	depreciation         TEXT NOT NULL CHECK (depreciation IN ('none', 'straight_line', 'declining_balance')),
	depreciation_years   INTEGER NOT NULL DEFAULT 0 CHECK (depreciation_years BETWEEN 0 AND 50),
	depreciation_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (depreciation_rate_bp BETWEEN 0 AND 10000),
	residual_bp          INTEGER NOT NULL DEFAULT 0 CHECK (residual_bp BETWEEN 0 AND 10000)
);

-- A task's spending class when it is not the default (operating).
ALTER TABLE tasks ADD COLUMN spend TEXT NOT NULL DEFAULT '' CHECK (spend IN ('', 'capex', 'opex'));

-- When an asset left the fleet (retired, disposed of or lost): the
-- depreciation report takes it off the book that day. The day is the one
-- history recorded for the status change (in the store's clock, whatever
-- path changed it); filled from history for assets that left before this
-- version, then kept by the trigger on history.
CREATE TABLE asset_disposals (
	asset_id INTEGER PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
	disposed TEXT NOT NULL
);

INSERT INTO asset_disposals(asset_id, disposed)
	SELECT a.id, substr(MAX(h.at), 1, 10) FROM assets a
	JOIN history h ON h.entity = 'asset' AND h.entity_id = a.id AND h.field = 'status'
		AND lower(h.new_value) IN ('retired', 'disposed', 'lost')
	WHERE a.status IN ('retired', 'disposed', 'lost')
	GROUP BY a.id;

CREATE TRIGGER history_asset_status AFTER INSERT ON history
	WHEN new.entity = 'asset' AND new.field = 'status'
BEGIN
	DELETE FROM asset_disposals WHERE asset_id = new.entity_id
		AND lower(new.new_value) NOT IN ('retired', 'disposed', 'lost');
	INSERT OR REPLACE INTO asset_disposals(asset_id, disposed)
		SELECT new.entity_id, substr(new.at, 1, 10)
		WHERE lower(new.new_value) IN ('retired', 'disposed', 'lost')
			AND lower(new.old_value) NOT IN ('retired', 'disposed', 'lost')
			AND EXISTS (SELECT 1 FROM assets WHERE id = new.entity_id);
END;

-- A replacement cost per model (manufacturer and model, any case): it
-- prices a replacement before the category's cost and the asset's own.
CREATE TABLE model_costs (
	manufacturer     TEXT NOT NULL COLLATE NOCASE,
	model            TEXT NOT NULL COLLATE NOCASE,
	replacement_cost INTEGER NOT NULL CHECK (replacement_cost > 0),
	currency         TEXT NOT NULL,
	PRIMARY KEY (manufacturer, model)
) WITHOUT ROWID;
