package assets

import "strconv"

// EOLAlerter raises the end-of-life alerts of a whole fleet, giving for
// every asset exactly what EOLAlert(subject, ref, EvaluateEOLBrief(...))
// gives, but cheaper. Assets share everything but their purchase date: a
// fleet of 100,000 has a couple of thousand distinct (category, maker,
// model, end-of-life date) tuples. What those sources say is worked
// out and worded once per tuple; per asset only the refresh policy (the
// purchase date's part) is computed, and its words only when it decides.
// Not safe for concurrent use.
type EOLAlerter struct {
	cat    EOLCatalog
	asOf   Date
	warn   int
	static map[eolStaticKey]*eolStatic
	buf    []byte // where Alert writes a reason
}

// NewEOLAlerter makes an alerter for one pass as of asOf (cat may be nil).
func NewEOLAlerter(cat EOLCatalog, asOf Date, warnDays int) *EOLAlerter {
	return &EOLAlerter{cat: cat, asOf: asOf, warn: warnDays, static: map[eolStaticKey]*eolStatic{}}
}

// eolStaticKey is what the sources other than the refresh policy read.
type eolStaticKey struct {
	manufacturer, model string
	eolDate             Date
}

// eolStatic is what the sources other than the refresh policy say about a
// tuple: the most urgent of them, and per state the alert text their
// reasons make alone and as a tail after the policy's reason.
type eolStatic struct {
	state EOLState
	date  Date
	alone [4]string // by state rank: "end of life: ..." with these reasons only
	tail  [4]string // by state rank: "; ..." to follow the policy's reason
}

// Alert is the end-of-life alert for in, if it raises one.
func (e *EOLAlerter) Alert(in *EOLInput, subject string, ref Ref) (Alert, bool) {
	k := eolStaticKey{in.Manufacturer, in.Model, in.EOLDate}
	st := e.static[k]
	if st == nil {
		st = e.work(in)
		e.static[k] = st
	}
	state, date := st.state, st.date
	policy := in.RefreshYears > 0 && !in.PurchaseDate.IsZero()
	var due Date
	var pState EOLState
	var left int
	if policy {
		due = in.PurchaseDate.AddYears(in.RefreshYears)
		pState, left = dateState(due, e.asOf, e.warn)
		// The policy comes first in evaluateEOL, so on a tie of state and
		// date it keeps its place; only strictly more urgent or earlier
		// sources displace it, which the same comparison expresses here.
		if pState.rank() > state.rank() || pState == state && !date.Before(due) {
			state, date = pState, due
		}
	}
	if state != EOLReached && state != EOLEnding {
		return Alert{}, false
	}
	a := Alert{Kind: AlertEOL, Severity: SeverityWarning, Subject: subject, Date: date, Ref: ref}
	prefix := "end of life soon: "
	if state == EOLReached {
		a.Severity, prefix = SeverityCritical, "end of life: "
	}
	r := state.rank()
	if policy && pState == state {
		// Written into a reused buffer: one allocation per reason.
		b := strconv.AppendInt(append(e.buf[:0], prefix...), int64(in.RefreshYears), 10)
		b = append(append(append(b, "-year "...), orDefault(in.Category, "category")...), " refresh: bought "...)
		b = appendWhen(append(in.PurchaseDate.appendTo(b), ", replace "...), pState, due, left)
		b = append(b, st.tail[r]...)
		a.Reason, e.buf = string(b), b
	} else {
		a.Reason = st.alone[r]
	}
	return a, true
}

// work evaluates the tuple's other sources with the rule itself (no
// policy), so their words stay the rule's own.
func (e *EOLAlerter) work(in *EOLInput) *eolStatic {
	x := *in
	x.RefreshYears, x.PurchaseDate = 0, Date{}
	r := evaluateEOL(x, e.cat, e.asOf, e.warn, true)
	st := &eolStatic{state: EOLUnknown}
	var texts [4][]string
	for _, reason := range r.Reasons {
		if reason.Source == "" { // "unknown: ...": says nothing for an alert
			continue
		}
		texts[reason.State.rank()] = append(texts[reason.State.rank()], reason.Text)
	}
	if len(r.Reasons) > 0 && r.Reasons[0].Source != "" {
		st.state, st.date = r.State, r.Date
	}
	for rank, list := range texts {
		if len(list) == 0 {
			continue
		}
		joined := list[0]
		for _, t := range list[1:] {
			joined += "; " + t
		}
		prefix := "end of life soon: "
		if rank == EOLReached.rank() {
			prefix = "end of life: "
		}
		st.alone[rank] = prefix + joined
		st.tail[rank] = "; " + joined
	}
	return st
}
