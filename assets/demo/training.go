package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"steward/assets"
)

// Completion is a generated training record, naming the person by e-mail and
// the course by name (the store assigns IDs when they are saved).
type Completion struct {
	assets.TrainingRecord
	Email  string
	Course string
}

// Courses are the sample company's training catalogue.
func Courses() []assets.Course {
	return []assets.Course{
		{Name: "Security awareness", Provider: "KnowBe4", RenewalMonths: 12,
			Description: "Phishing, passwords, lost devices. Everyone with a laptop, every year.",
			Mandatory:   []assets.Scope{{Kind: assets.ScopeCategory, Value: "laptop"}}},
		{Name: "GDPR essentials", Provider: "Privacy Academy", RenewalMonths: 24,
			Description: "Handling personal data: what the law asks of every employee.",
			Mandatory:   []assets.Scope{{Kind: assets.ScopeAll}}},
		{Name: "Anti-bribery and corruption", Provider: "Compliance Online", RenewalMonths: 12,
			Mandatory: []assets.Scope{{Kind: assets.ScopeDepartment, Value: "Finance"}, {Kind: assets.ScopeDepartment, Value: "Sales"}}},
		{Name: "Secure coding", Provider: "SANS", RenewalMonths: 24,
			Mandatory: []assets.Scope{{Kind: assets.ScopeDepartment, Value: "Engineering"}}},
		{Name: "Mobile device policy", Provider: "IT", RenewalMonths: 0,
			Description: "Read and sign once, when a company phone is handed over.",
			Mandatory:   []assets.Scope{{Kind: assets.ScopeCategory, Value: "phone"}}},
		{Name: "First aid at work", Provider: "Red Cross", RenewalMonths: 36},
	}
}

// genTraining makes one leaver keep a laptop (the security risk the leaver
// alert is for) and writes completions: most people are in date, some are
// due soon, some have lapsed and some never did a mandatory course.
func genTraining(r *rand.Rand, c Config, ds *Dataset) {
	today := assets.DateOf(c.Today)
	keepLaptopWithLeaver(ds)
	ds.Courses = Courses()
	held := map[string]map[string]bool{}
	for _, a := range ds.Assets {
		if a.HolderEmail != "" {
			if held[a.HolderEmail] == nil {
				held[a.HolderEmail] = map[string]bool{}
			}
			held[a.HolderEmail][a.Category] = true
		}
	}
	for _, p := range ds.People {
		h := assets.Holder{Department: p.Department, Categories: held[p.Email]}
		leaver := assets.IsLeaver(p, today)
		for _, course := range ds.Courses {
			req, _ := course.MandatoryFor(h)
			var done assets.Date
			switch n := r.IntN(100); {
			case leaver:
				// Leavers did their mandatory training once, years ago.
				if req && n < 70 {
					done = today.AddDays(-400 - r.IntN(500))
				}
			case req && n < 5:
				// never done: overdue
			case req:
				period := course.RenewalMonths * 30
				if period == 0 {
					period = 900
				}
				// Spread over 1.1 periods: about one in eleven has lapsed.
				done = today.AddDays(-1 - r.IntN(period*11/10))
			case n < 15:
				done = today.AddDays(-1 - r.IntN(700)) // optional, taken by a few
			}
			if !done.IsZero() && !p.StartDate.IsZero() && done.Before(p.StartDate) {
				// Joined since: mandatory courses are done in the first
				// fortnight (someone who joined this fortnight has not yet).
				done = assets.Date{}
				if start := p.StartDate.AddDays(1 + r.IntN(14)); req && start.Before(today) {
					done = start
				}
			}
			if done.IsZero() {
				continue
			}
			rec := assets.TrainingRecord{CompletedOn: done}
			if r.IntN(4) > 0 {
				score := float64(60 + r.IntN(41))
				rec.Score = &score
				rec.Certificate = fmt.Sprintf("%s-%05d", initials(course.Name), r.IntN(100000))
			}
			ds.Training = append(ds.Training, Completion{TrainingRecord: rec, Email: p.Email, Course: course.Name})
		}
	}
}

// keepLaptopWithLeaver hands a deployed laptop to the first person who has
// left, if nobody who left holds one yet.
func keepLaptopWithLeaver(ds *Dataset) {
	leavers := map[string]bool{}
	first, where := "", ""
	for _, p := range ds.People {
		if p.Status == assets.PersonLeft {
			leavers[p.Email] = true
			if first == "" {
				first, where = p.Email, p.Location
			}
		}
	}
	if first == "" {
		return
	}
	for _, a := range ds.Assets {
		if a.Category == "laptop" && leavers[a.HolderEmail] {
			return
		}
	}
	for i := range ds.Assets {
		a := &ds.Assets[i]
		if a.Category == "laptop" && a.Status == assets.StatusDeployed && a.HolderEmail != "" {
			a.HolderEmail, a.Location = first, where
			a.Notes = "Not returned when its holder left"
			return
		}
	}
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if w[0] >= 'A' && w[0] <= 'Z' || w[0] >= 'a' && w[0] <= 'z' {
			b.WriteByte(w[0] &^ 0x20)
		}
	}
	return b.String()
}
