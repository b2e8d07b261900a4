package storetest

import (
	"fmt"
	"testing"

	"steward/assets"
)

func taskLines(list []assets.Task) []string {
	var out []string
	for _, x := range list {
		out = append(out, fmt.Sprintf("%s due %s %s every %d anchor %s #%d %v prev=%v", x.Name(), x.Due, x.Status, x.EveryMonths, x.Anchor, x.Occurrence, x.AssetTags, x.PreviousID != 0))
	}
	return out
}

var taskCases = []Case[TaskStore]{
	{"CreateReadUpdateDelete", func(t *testing.T, s TaskStore) {
		b := addAsset(t, s, "t-2", "B")
		a := addAsset(t, s, "T-1", "A")
		x := assets.Task{Kind: assets.TaskUpgrade, Title: " RAM ", Due: date("2026-04-01"), Cost: assets.Money{Minor: 9900, Currency: "eur"},
			AssetIDs: []int64{b.ID, a.ID}, Spend: assets.SpendCapex, Note: "n"}
		must(t, s.CreateTask(ctx, &x))
		if x.ID == 0 || x.Status != assets.TaskPlanned || x.Title != "RAM" || x.Created.IsZero() {
			t.Fatalf("created %+v", x)
		}
		got, err := s.Task(ctx, x.ID)
		must(t, err)
		wantEqual(t, "tags", got.AssetTags, []string{"T-1", "t-2"})
		wantEqual(t, "ids", got.AssetIDs, []int64{a.ID, b.ID})
		if got.Spend != assets.SpendCapex || got.Cost != x.Cost || got.Note != "n" || !got.Created.Equal(x.Created) {
			t.Fatalf("read back %+v", got)
		}
		got.Title, got.Status, got.AssetIDs = "RAM and SSD", assets.TaskInProgress, []int64{a.ID}
		must(t, s.UpdateTask(ctx, &got))
		same := got
		must(t, s.UpdateTask(ctx, &same))
		wantLines(t, "history", historyLines(t, s, "task", x.ID), []string{
			"update assets: T-1;t-2 -> T-1 by tester",
			"update status: Planned -> In progress by tester",
			"update title: RAM -> RAM and SSD by tester",
			"create RAM due 2026-04-01 by tester",
		})
		_, err = s.Task(ctx, 4242)
		wantKind(t, "missing", err, assets.KindNotFound)
		wantKind(t, "no due date", s.CreateTask(ctx, &assets.Task{Kind: assets.TaskUpgrade}), assets.KindInvalid)
		wantKind(t, "missing asset", s.CreateTask(ctx, &assets.Task{Kind: assets.TaskUpgrade, Due: date("2026-04-01"), AssetIDs: []int64{4242}}), assets.KindInvalid)
		wantKind(t, "update missing", s.UpdateTask(ctx, &assets.Task{ID: 4242, Kind: assets.TaskUpgrade, Due: date("2026-04-01")}), assets.KindNotFound)
		wantKind(t, "delete missing", s.DeleteTask(ctx, 4242), assets.KindNotFound)
		wantKind(t, "reschedule missing", s.RescheduleTask(ctx, 4242, date("2026-05-01")), assets.KindNotFound)
		wantKind(t, "reschedule to no date", s.RescheduleTask(ctx, x.ID, assets.Date{}), assets.KindInvalid)
		_, err = s.CompleteTask(ctx, 4242, date("2026-03-01"), "")
		wantKind(t, "complete missing", err, assets.KindNotFound)
		must(t, s.DeleteTask(ctx, x.ID))
		wantEqual(t, "last history row", historyLines(t, s, "task", x.ID)[0], "delete RAM and SSD due 2026-04-01 by tester")
	}},
	{"RecurringCompleteReschedule", func(t *testing.T, s TaskStore) {
		a := addAsset(t, s, "M-1", "Server")
		x := assets.Task{Kind: assets.TaskMaintenance, Due: date("2026-01-31"), EveryMonths: 1, AssetIDs: []int64{a.ID}}
		must(t, s.CreateTask(ctx, &x))
		next, err := s.CompleteTask(ctx, x.ID, date("2026-02-02"), "done late")
		must(t, err)
		if next == nil || next.ID == 0 || next.Due != date("2026-02-28") || next.PreviousID != x.ID || next.Occurrence != 1 {
			t.Fatalf("next occurrence %+v", next)
		}
		done, err := s.Task(ctx, x.ID)
		must(t, err)
		if done.Status != assets.TaskDone || done.Completed != date("2026-02-02") || done.Note != "done late" {
			t.Fatalf("completed %+v", done)
		}
		_, err = s.CompleteTask(ctx, x.ID, date("2026-02-03"), "")
		wantKind(t, "complete twice", err, assets.KindInvalid)
		wantKind(t, "reschedule a done task", s.RescheduleTask(ctx, x.ID, date("2026-05-01")), assets.KindInvalid)
		must(t, s.RescheduleTask(ctx, next.ID, date("2026-03-15")))
		moved, err := s.Task(ctx, next.ID)
		must(t, err)
		if moved.Due != date("2026-03-15") || moved.Anchor != date("2026-03-15") || moved.Occurrence != 0 {
			t.Fatalf("rescheduled %+v", moved)
		}
		wantLines(t, "history of the first", historyLines(t, s, "task", x.ID), []string{
			"complete note:  -> done late by tester",
			"complete completed:  -> 2026-02-02 by tester",
			"complete status: Planned -> Done by tester",
			"create Maintenance due 2026-01-31 by tester",
		})
		wantLines(t, "history of the next", historyLines(t, s, "task", next.ID), []string{
			"reschedule due: 2026-02-28 -> 2026-03-15 by tester",
			"schedule Maintenance due 2026-02-28 by tester",
		})
		one := assets.Task{Kind: assets.TaskFirmware, Due: date("2026-03-01")}
		must(t, s.CreateTask(ctx, &one))
		n, err := s.CompleteTask(ctx, one.ID, date("2026-03-01"), "")
		must(t, err)
		if n != nil {
			t.Fatalf("a one-off task has a next occurrence %+v", n)
		}
	}},
	{"ListFiltersAndOrder", func(t *testing.T, s TaskStore) {
		a := addAsset(t, s, "z-1", "Z")
		b := addAsset(t, s, "Y-2", "Y")
		for _, x := range []assets.Task{
			{Kind: assets.TaskReplacement, Due: date("2026-05-01"), AssetIDs: []int64{a.ID, b.ID}},
			{Kind: assets.TaskUpgrade, Due: date("2026-02-01"), AssetIDs: []int64{a.ID}},
			{Kind: assets.TaskUpgrade, Title: "same day", Due: date("2026-02-01")},
			{Kind: assets.TaskOSUpgrade, Due: date("2026-03-01"), Status: assets.TaskCancelled},
			{Kind: assets.TaskFirmware, Due: date("2026-01-01"), Status: assets.TaskDone, Completed: date("2026-01-02")},
		} {
			must(t, s.CreateTask(ctx, &x))
		}
		q := func(q assets.TaskQuery) []string {
			t.Helper()
			list, err := s.ListTasks(ctx, q)
			must(t, err)
			return taskLines(list)
		}
		all := []string{
			"Firmware due 2026-01-01 done every 0 anchor  #0 [] prev=false",
			"Upgrade due 2026-02-01 planned every 0 anchor  #0 [z-1] prev=false",
			"same day due 2026-02-01 planned every 0 anchor  #0 [] prev=false",
			"OS upgrade due 2026-03-01 cancelled every 0 anchor  #0 [] prev=false",
			"Replacement due 2026-05-01 planned every 0 anchor  #0 [Y-2 z-1] prev=false",
		}
		wantLines(t, "all, by due date", q(assets.TaskQuery{}), all)
		wantLines(t, "open", q(assets.TaskQuery{Open: true}), []string{all[1], all[2], all[4]})
		wantLines(t, "cancelled", q(assets.TaskQuery{Status: assets.TaskCancelled}), []string{all[3]})
		wantLines(t, "upgrades", q(assets.TaskQuery{Kind: assets.TaskUpgrade}), []string{all[1], all[2]})
		wantLines(t, "of z-1", q(assets.TaskQuery{AssetID: a.ID}), []string{all[1], all[4]})
		wantLines(t, "due by March", q(assets.TaskQuery{DueBy: date("2026-03-01")}), all[:4])
		wantLines(t, "first two", q(assets.TaskQuery{Limit: 2}), all[:2])
		wantLines(t, "first two open", q(assets.TaskQuery{Open: true, Limit: 2}), []string{all[1], all[2]})
	}},
	{"Import", func(t *testing.T, s TaskStore) {
		a := addAsset(t, s, "IT-1", "A")
		items := func() []assets.TaskImport {
			return []assets.TaskImport{
				{Line: 2, Task: assets.Task{Kind: assets.TaskUpgrade, Due: date("2026-06-01"), AssetIDs: []int64{a.ID}, Cost: assets.Money{Minor: 100, Currency: "EUR"}}},
				{Line: 3, Task: assets.Task{Kind: assets.TaskMaintenance, Due: date("2026-07-01"), EveryMonths: 6, Anchor: date("2026-07-01")}, KeepSpend: true},
			}
		}
		st, err := s.ImportTasks(ctx, items(), true)
		must(t, err)
		wantStats(t, "dry run", st, 2, 0, 0)
		list, err := s.ListTasks(ctx, assets.TaskQuery{})
		must(t, err)
		if len(list) != 0 {
			t.Fatalf("a dry run stored %v", taskLines(list))
		}
		its := items()
		st, err = s.ImportTasks(ctx, its, false)
		must(t, err)
		wantStats(t, "import", st, 2, 0, 0)
		st, err = s.ImportTasks(ctx, items(), false)
		must(t, err)
		wantStats(t, "again", st, 0, 0, 2)
		next := items()
		next[0].Task.Cost.Minor, next[0].Task.Title = 200, "file title is ignored"
		st, err = s.ImportTasks(ctx, next, false)
		must(t, err)
		wantStats(t, "changed", st, 0, 1, 1)
		wantLines(t, "history", historyLines(t, s, "task", its[0].Task.ID), []string{
			"import cost: EUR 1.00 -> EUR 2.00 by tester",
			"import Upgrade due 2026-06-01 by tester",
		})
		dup := assets.Task{Kind: assets.TaskUpgrade, Due: date("2026-06-01"), AssetIDs: []int64{a.ID}}
		must(t, s.CreateTask(ctx, &dup))
		_, err = s.ImportTasks(ctx, items(), false)
		wantKind(t, "ambiguous", err, assets.KindConflict)
	}},
}
