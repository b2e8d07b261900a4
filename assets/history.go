package assets

import "time"

// HistoryEntry is one recorded change: a record created, deleted, handed
// over, or one field changed from Old to New.
type HistoryEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor,omitempty"`
	Entity   string    `json:"entity"` // "asset", "person", "licence", ...
	EntityID int64     `json:"entity_id"`
	Action   string    `json:"action"` // "create", "update", "delete", "checkout", ...
	Field    string    `json:"field,omitempty"`
	Old      string    `json:"old,omitempty"`
	New      string    `json:"new,omitempty"`
}

// Text is the entry as one line for a person ("status: In stock -> Deployed").
func (h HistoryEntry) Text() string {
	switch {
	case h.Field != "" && h.Old == "":
		return h.Field + " set to " + h.New
	case h.Field != "" && h.New == "":
		return h.Field + " cleared (was " + h.Old + ")"
	case h.Field != "":
		return h.Field + ": " + h.Old + " -> " + h.New
	case h.New != "":
		return h.Action + ": " + h.New
	}
	return h.Action
}
