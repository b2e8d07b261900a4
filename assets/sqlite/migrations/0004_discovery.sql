-- Discovery: each scan, and each device ever seen (one row per device, kept
-- across scans, so a rescan never duplicates), matched or linked to an asset.
CREATE TABLE scans (
	id         INTEGER PRIMARY KEY,
	started    TEXT NOT NULL,
	finished   TEXT NOT NULL,
	interfaces TEXT NOT NULL DEFAULT '',
	site       TEXT NOT NULL DEFAULT '',
	devices    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scans_site ON scans(site, id);

CREATE TABLE sightings (
	id         INTEGER PRIMARY KEY,
	device_id  TEXT NOT NULL UNIQUE,
	asset_id   INTEGER REFERENCES assets(id) ON DELETE SET NULL,
	name       TEXT NOT NULL DEFAULT '',
	hostname   TEXT NOT NULL DEFAULT '',
	class      TEXT NOT NULL DEFAULT '',
	os         TEXT NOT NULL DEFAULT '',
	vendor     TEXT NOT NULL DEFAULT '',
	model      TEXT NOT NULL DEFAULT '',
	serial     TEXT NOT NULL DEFAULT '',
	uuid       TEXT NOT NULL DEFAULT '',
	mac        TEXT NOT NULL DEFAULT '',
	addresses  TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
	services   TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
	interface  TEXT NOT NULL DEFAULT '',
	subnet     TEXT NOT NULL DEFAULT '',
	site       TEXT NOT NULL DEFAULT '',
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	last_scan  INTEGER NOT NULL REFERENCES scans(id)
);
CREATE INDEX sightings_asset ON sightings(asset_id, id);
CREATE INDEX sightings_site_scan ON sightings(site, last_scan, id);
CREATE INDEX sightings_mac ON sightings(mac) WHERE mac <> '';
CREATE INDEX sightings_serial ON sightings(serial) WHERE serial <> '';
CREATE INDEX sightings_uuid ON sightings(uuid) WHERE uuid <> '';
CREATE INDEX sightings_hostname ON sightings(hostname) WHERE hostname <> '';
