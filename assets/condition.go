package assets

import (
	"fmt"
	"strings"
)

// Condition is the state an asset is in when it is handed over or comes
// back, as the person handing it over judged it. Empty means not recorded.
type Condition string

const (
	ConditionNew     Condition = "new"
	ConditionGood    Condition = "good"
	ConditionFair    Condition = "fair"
	ConditionWorn    Condition = "worn"
	ConditionDamaged Condition = "damaged"
	ConditionFaulty  Condition = "faulty"
)

// Conditions lists every condition from best to worst.
var Conditions = []Condition{ConditionNew, ConditionGood, ConditionFair, ConditionWorn, ConditionDamaged, ConditionFaulty}

var conditionLabels = map[Condition]string{
	ConditionNew: "New", ConditionGood: "Good", ConditionFair: "Fair", ConditionWorn: "Worn",
	ConditionDamaged: "Damaged", ConditionFaulty: "Faulty",
}

// Label is the condition as a person reads it ("Good"; "" when not recorded).
func (c Condition) Label() string {
	if l, ok := conditionLabels[c]; ok {
		return l
	}
	return string(c)
}

// NeedsRepair says whether an asset coming back in this condition should go
// to repair rather than back on the shelf.
func (c Condition) NeedsRepair() bool { return c == ConditionDamaged || c == ConditionFaulty }

// ParseCondition accepts a condition's code or label in any case; empty is
// "not recorded".
func ParseCondition(s string) (Condition, error) {
	norm := Condition(strings.ToLower(strings.TrimSpace(s)))
	if norm == "" {
		return "", nil
	}
	if _, ok := conditionLabels[norm]; ok {
		return norm, nil
	}
	return "", fmt.Errorf("%q is not a condition: use one of new, good, fair, worn, damaged, faulty", s)
}
