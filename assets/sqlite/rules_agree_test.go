package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
)

// TestSQLRulesAgreeWithDomain builds a varied register (people in every
// status with leave dates around the day asked about, assets in every
// status held by them or by nobody, seats, tasks in every status, courses
// scoped to everyone, a department and categories, training done, lapsed
// and never) and checks, on several days, that what the store answers
// with SQL (the status sets and the leaver rule built into its queries)
// is what the domain's Go rules answer for the same rows.
func TestSQLRulesAgreeWithDomain(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	reg := buildVariedRegister(t, s)

	for _, day := range []string{"2025-01-01", "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03", "2027-06-30"} {
		asOf := assets.MustDate(day)
		t.Run(day, func(t *testing.T) {
			// What each person holds, by the Go rule.
			held := map[int64][]string{}
			for _, a := range reg.assets {
				if a.AssignedTo != 0 && a.Status.Holding() {
					held[a.AssignedTo] = append(held[a.AssignedTo], a.Tag)
				}
			}

			// Leavers who still hold something.
			leavers, err := s.Leavers(ctx, asOf)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, l := range leavers {
				tags := slices.Clone(l.Assets)
				sort.Strings(tags)
				got = append(got, fmt.Sprintf("%s %v seats %d: %s", l.Person.Email, tags, l.Seats, l.Risk))
			}
			for _, p := range reg.people {
				tags := slices.Clone(held[p.ID])
				sort.Strings(tags)
				seats := reg.seats[p.ID]
				if risk := assets.LeaverRisk(p, asOf, len(tags), seats); assets.IsLeaver(p, asOf) && risk != "" {
					want = append(want, fmt.Sprintf("%s %v seats %d: %s", p.Email, tags, seats, risk))
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			diff(t, "leavers", got, want)
			if len(want) == 0 || len(want) == len(reg.people) {
				t.Errorf("%d leavers of %d people: not a varied day", len(want), len(reg.people))
			}

			// The leaver alerts name the same people and dates.
			got, want = alertKeys(t, s, "leavers", asOf), nil
			for _, p := range reg.people {
				if a, ok := assets.LeaverAlert(p, asOf, held[p.ID], reg.seats[p.ID]); ok {
					want = append(want, alertKey(a))
				}
			}
			diff(t, "leaver alerts", got, sorted(want))

			// Assets held, as the people list counts them.
			rows, err := s.FindPeople(ctx, assets.PeopleFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got, want = nil, nil
			for _, r := range rows {
				got = append(got, fmt.Sprintf("%s %d", r.Email, r.AssetsHeld))
			}
			for _, p := range reg.people {
				want = append(want, fmt.Sprintf("%s %d", p.Email, len(held[p.ID])))
			}
			diff(t, "assets held", sorted(got), sorted(want))

			// Training: the roster the store loads (leavers and holdings
			// by SQL) against each person's page (the Go rules on the
			// person's own rows).
			issues, err := s.TrainingIssues(ctx, asOf, 30)
			if err != nil {
				t.Fatal(err)
			}
			got, want = nil, nil
			for _, is := range issues {
				got = append(got, fmt.Sprintf("%s / %s (%s): %s %s", is.Email, is.Course.Name, is.Because, is.State, is.Expires))
			}
			var trainingAlerts []string
			overdue := map[int64]int{}
			required := map[string]int{}
			for _, p := range reg.people {
				f, err := s.PersonFile(ctx, p.ID, asOf, 30)
				if err != nil {
					t.Fatal(err)
				}
				var flag string
				if len(f.Flags) > 0 && strings.HasPrefix(f.Flags[0], "Security risk: ") {
					flag = f.Flags[0]
				}
				if risk := assets.LeaverRisk(p, asOf, len(held[p.ID]), reg.seats[p.ID]); (risk == "") != (flag == "") || risk != "" && flag != "Security risk: "+risk {
					t.Errorf("%s's page says %q, want the leaver risk %q", p.Email, flag, risk)
				}
				for _, cs := range f.Training {
					if !cs.Required {
						continue
					}
					required[cs.Course.Name]++
					var exp assets.Date
					if cs.Latest != nil {
						exp = cs.Latest.ExpiresOn
					}
					if cs.State.Flagged() {
						overdue[p.ID]++
					}
					if cs.State != assets.TrainingValid {
						want = append(want, fmt.Sprintf("%s / %s (%s): %s %s", p.Email, cs.Course.Name, cs.Because, cs.State, exp))
					}
					if a, ok := assets.TrainingAlert(p.ID, p.Name, p.Email, cs.Course.Name, cs.Because, cs.State, exp, asOf); ok {
						trainingAlerts = append(trainingAlerts, alertKey(a))
					}
				}
			}
			diff(t, "training issues", sorted(got), sorted(want))
			if len(want) == 0 {
				t.Error("no training issues: not a varied day")
			}
			diff(t, "training alerts", alertKeys(t, s, "training", asOf), sorted(trainingAlerts))
			counts, err := s.OverdueCounts(ctx, asOf)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(counts) != fmt.Sprint(overdue) {
				t.Errorf("overdue counts %v, want %v", counts, overdue)
			}
			m, err := s.Compliance(ctx, asOf, 30)
			if err != nil {
				t.Fatal(err)
			}
			for i, c := range m.Courses {
				if m.Totals[i].Required != required[c.Name] {
					t.Errorf("matrix: %d required for %s, want %d", m.Totals[i].Required, c.Name, required[c.Name])
				}
			}

			// Assets in the fleet: every one alerts for end of life (all
			// bought long ago), only the active ones may.
			opt := assets.AlertOptions{AsOf: asOf, WarnDays: 30}
			var active []string
			var activeIDs []int64
			for _, a := range reg.assets {
				if a.Status.Active() {
					active = append(active, a.Tag)
					activeIDs = append(activeIDs, a.ID)
				}
			}
			sort.Strings(active)
			got = nil
			err = s.EachActiveAsset(ctx, func(a *assets.Asset) error { got = append(got, a.Tag); return nil })
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "active assets", sorted(got), active)
			expected, err := s.ExpectedAssets(ctx, assets.Audit{Locations: []string{"HQ", "Branch"}})
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, a := range expected {
				got = append(got, a.Tag)
			}
			diff(t, "assets expected at a stocktake", sorted(got), active)
			for _, fam := range []string{"eol", "audits"} {
				list, err := s.AlertsFrom(ctx, fam, opt)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, a := range list {
					ids = append(ids, a.Ref.ID)
				}
				slices.Sort(ids)
				if !slices.Equal(ids, activeIDs) {
					t.Errorf("%s alerts for assets %v, want the active ones %v", fam, ids, activeIDs)
				}
			}

			// Open tasks.
			open, err := s.ListTasks(ctx, assets.TaskQuery{Open: true})
			if err != nil {
				t.Fatal(err)
			}
			got, want = nil, nil
			for _, x := range open {
				got = append(got, fmt.Sprint(x.ID))
			}
			var taskAlerts []string
			for _, x := range reg.tasks {
				if x.Status.Open() {
					want = append(want, fmt.Sprint(x.ID))
				}
				if a, ok := assets.TaskAlert(&x, sqlite.TaskSubject(&x), asOf, 30); ok {
					taskAlerts = append(taskAlerts, alertKey(a))
				}
			}
			diff(t, "open tasks", sorted(got), sorted(want))
			diff(t, "task alerts", alertKeys(t, s, "tasks", asOf), sorted(taskAlerts))
		})
	}
}

type variedRegister struct {
	people []assets.Person
	assets []assets.Asset
	seats  map[int64]int
	tasks  []assets.Task
}

func buildVariedRegister(t *testing.T, s *sqlite.Store) variedRegister {
	t.Helper()
	ctx := context.Background()
	reg := variedRegister{seats: map[int64]int{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	depts := []string{"Sales", "sales", "IT", ""}
	leaves := []string{"", "2025-06-30", "2026-02-28", "2026-03-01", "2026-03-02", "2027-01-01"}
	n := 0
	for _, st := range assets.PersonStatuses {
		for _, leave := range leaves {
			p := assets.Person{Name: fmt.Sprintf("Person %02d", n), Email: fmt.Sprintf("p%02d@example.com", n),
				Department: depts[n%len(depts)], Status: st, StartDate: assets.MustDate("2015-01-01")}
			if leave != "" {
				p.LeaveDate = assets.MustDate(leave)
			}
			must(s.CreatePerson(ctx, &p))
			reg.people = append(reg.people, p)
			n++
		}
	}
	// Assets: each person gets one to three in a rotation of statuses and
	// categories; some belong to nobody.
	cats := []string{"laptop", "phone", "monitor"}
	k := 0
	add := func(holder int64) {
		a := assets.Asset{Name: fmt.Sprintf("Asset %d", k), Category: cats[k/len(assets.Statuses)%len(cats)], Status: assets.Statuses[k%len(assets.Statuses)],
			Location: []string{"HQ", "Branch"}[k%2], AssignedTo: holder, PurchaseDate: assets.MustDate("2015-06-01")}
		must(s.CreateAsset(ctx, &a))
		reg.assets = append(reg.assets, a)
		k++
	}
	for i, p := range reg.people {
		for range 1 + i%3 {
			add(p.ID)
		}
	}
	for range 7 {
		add(0)
	}
	for _, c := range cats {
		must(s.SetAuditInterval(ctx, c, 12))
	}
	// Seats for every third person.
	l := assets.Licence{Product: "Office", Type: assets.LicencePerSeat, Seats: 100}
	must(s.CreateLicence(ctx, &l))
	for i, p := range reg.people {
		if i%3 == 0 {
			must(s.AssignSeat(ctx, &assets.SeatAssignment{LicenceID: l.ID, PersonID: p.ID, Assigned: assets.MustDate("2024-01-01")}))
			reg.seats[p.ID]++
		}
	}
	// Tasks in every status, due before, around and after the days asked about.
	for _, st := range assets.TaskStatuses {
		for _, due := range []string{"2024-12-15", "2026-03-01", "2026-03-20", "2027-01-01"} {
			x := assets.Task{Kind: assets.TaskMaintenance, Title: string(st) + " " + due, Status: st, Due: assets.MustDate(due),
				AssetIDs: []int64{reg.assets[len(reg.tasks)%len(reg.assets)].ID}}
			if st == assets.TaskDone {
				x.Completed = assets.MustDate("2024-12-01")
			}
			must(s.CreateTask(ctx, &x))
			reg.tasks = append(reg.tasks, x)
		}
	}
	all, err := s.ListTasks(ctx, assets.TaskQuery{}) // with their tags
	must(err)
	reg.tasks = all
	// Courses and training.
	courses := []assets.Course{
		{Name: "Security", RenewalMonths: 12, Mandatory: []assets.Scope{{Kind: assets.ScopeAll}}},
		{Name: "Sales ethics", RenewalMonths: 24, Mandatory: []assets.Scope{{Kind: assets.ScopeDepartment, Value: "SALES"}}},
		{Name: "Laptop care", Mandatory: []assets.Scope{{Kind: assets.ScopeCategory, Value: "laptop"}}},
		{Name: "Phone safety", RenewalMonths: 6, Mandatory: []assets.Scope{{Kind: assets.ScopeCategory, Value: "phone"}, {Kind: assets.ScopeDepartment, Value: "IT"}}},
		{Name: "Excel", RenewalMonths: 12},
	}
	for i := range courses {
		must(s.SaveCourse(ctx, &courses[i]))
	}
	done := []string{"2024-01-10", "2025-02-27", "2025-03-05", "2025-09-15", "2026-02-01"}
	var records []assets.TrainingRecord
	for i, p := range reg.people {
		for j, c := range courses {
			if (i+j)%4 == 3 {
				continue // never done
			}
			records = append(records, assets.TrainingRecord{PersonID: p.ID, CourseID: c.ID, CompletedOn: assets.MustDate(done[(i*2+j)%len(done)])})
			if (i+j)%5 == 0 { // and an older completion
				records = append(records, assets.TrainingRecord{PersonID: p.ID, CourseID: c.ID, CompletedOn: assets.MustDate("2023-05-05")})
			}
		}
	}
	_, err = s.RecordTraining(ctx, records)
	must(err)
	return reg
}

// alertKeys is one family's alerts on asOf, each as alertKey, sorted.
func alertKeys(t *testing.T, s *sqlite.Store, family string, asOf assets.Date) []string {
	t.Helper()
	list, err := s.AlertsFrom(context.Background(), family, assets.AlertOptions{AsOf: asOf, WarnDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range list {
		out = append(out, alertKey(a))
	}
	return sorted(out)
}

// alertKey is an alert in words; a leaver's tags, listed in no set order
// by the store, are sorted.
func alertKey(a assets.Alert) string {
	reason := a.Reason
	if open, close := strings.Index(reason, " ("), strings.LastIndex(reason, ")"); a.Kind == assets.AlertLeaverHolding && open >= 0 && close > open {
		tags := strings.Split(reason[open+2:close], ", ")
		sort.Strings(tags)
		reason = reason[:open+2] + strings.Join(tags, ", ") + reason[close:]
	}
	return fmt.Sprintf("%s %s %s %s %s %s#%d", a.Kind, a.Severity, a.Date, a.Subject, reason, a.Ref.Entity, a.Ref.ID)
}

func sorted(list []string) []string {
	sort.Strings(list)
	return list
}

func diff(t *testing.T, what string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "\n  only from the store: %s", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "\n  only by the Go rule:  %s", w)
		}
	}
	t.Errorf("%s: the store and the Go rule disagree (%d vs %d):%s", what, len(got), len(want), b.String())
}
