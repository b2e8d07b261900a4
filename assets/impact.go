package assets

import (
	"fmt"
	"strings"
)

// Effect is one consequence of deleting a record: how many other things it
// touches and what happens to them ("3 assets lose this contract").
type Effect struct {
	N    int
	One  string // "asset loses this contract"
	Many string // "assets lose this contract"
}

// Text is the effect with its count in the right number.
func (e Effect) Text() string {
	if e.N == 1 {
		return "1 " + e.One
	}
	return fmt.Sprintf("%d %s", e.N, e.Many)
}

// Impact is what deleting one record does to the rest of the register.
// Blockers are reasons the deletion is refused (a person who still holds
// equipment); Effects are what goes with it when it is allowed.
type Impact struct {
	Name     string // the record, as a person reads it
	Effects  []Effect
	Blockers []Effect
}

// Add records an effect when it touches anything.
func (im *Impact) Add(n int, one, many string) {
	if n > 0 {
		im.Effects = append(im.Effects, Effect{N: n, One: one, Many: many})
	}
}

// Block records a reason to refuse the deletion when it applies.
func (im *Impact) Block(n int, one, many string) {
	if n > 0 {
		im.Blockers = append(im.Blockers, Effect{N: n, One: one, Many: many})
	}
}

// Blocked says whether the deletion must be refused.
func (im *Impact) Blocked() bool { return len(im.Blockers) > 0 }

// Text lists the effects, one a line, or says that nothing else changes.
func (im *Impact) Text() string {
	if len(im.Effects) == 0 {
		return "Nothing else in the register refers to it."
	}
	return joinEffects(im.Effects)
}

// BlockText lists the blockers, one a line.
func (im *Impact) BlockText() string { return joinEffects(im.Blockers) }

func joinEffects(list []Effect) string {
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = e.Text()
	}
	return strings.Join(lines, "\n")
}
