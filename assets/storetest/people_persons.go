package storetest

import (
	"errors"
	"testing"

	"steward/assets"
)

var personCases = []Case[PersonStore]{
	{"CreateRead", func(t *testing.T, s PersonStore) {
		p := assets.Person{Name: "  Ada Lovelace ", Email: " Ada@Example.COM ", Department: "Engineering ", Title: "Analyst",
			Location: "London", StartDate: date("2020-01-06")}
		must(t, s.CreatePerson(ctx, &p))
		if p.ID == 0 || p.Created.IsZero() || !p.Created.Equal(p.Updated) {
			t.Fatalf("created person: ID %d, stamps %v %v", p.ID, p.Created, p.Updated)
		}
		if p.Name != "Ada Lovelace" || p.Email != "ada@example.com" || p.Department != "Engineering" || p.Status != assets.PersonActive {
			t.Errorf("not normalised: %+v", p)
		}
		got, err := s.Person(ctx, p.ID)
		must(t, err)
		samePerson(t, "Person", got, p)
		got, err = s.PersonByEmail(ctx, " ADA@example.com")
		must(t, err)
		samePerson(t, "PersonByEmail", got, p)
		same(t, "history", peopleHistory(t, s, "person", p.ID), []string{"create: Ada Lovelace <ada@example.com>"})

		b := assets.Person{Name: "Bob", Email: "bob@example.com", ManagerID: p.ID, Status: assets.PersonOnLeave, LeaveDate: date("2027-01-31")}
		must(t, s.CreatePerson(ctx, &b))
		if b.ID <= p.ID {
			t.Errorf("second person has ID %d, first %d", b.ID, p.ID)
		}
		got, err = s.Person(ctx, b.ID)
		must(t, err)
		samePerson(t, "Person with manager", got, b)

		_, err = s.Person(ctx, b.ID+100)
		wantErrKind(t, "Person of an unknown ID", err, assets.KindNotFound)
		_, err = s.PersonByEmail(ctx, "nobody@example.com")
		wantErrKind(t, "PersonByEmail of an unknown address", err, assets.KindNotFound)
	}},
	{"CreateRefused", func(t *testing.T, s PersonStore) {
		newPerson(t, s, "Ada", "ada@example.com", "")
		for _, c := range []struct {
			what string
			p    assets.Person
			kind assets.Kind
		}{
			{"no name", assets.Person{Email: "x@example.com"}, assets.KindInvalid},
			{"no e-mail", assets.Person{Name: "X"}, assets.KindInvalid},
			{"bad e-mail", assets.Person{Name: "X", Email: "not an address"}, assets.KindInvalid},
			{"bad status", assets.Person{Name: "X", Email: "x@example.com", Status: "gone"}, assets.KindInvalid},
			{"leaves before starting", assets.Person{Name: "X", Email: "x@example.com", StartDate: date("2024-05-01"), LeaveDate: date("2024-04-30")}, assets.KindInvalid},
			{"same e-mail in another case", assets.Person{Name: "Ada Two", Email: "ADA@example.com"}, assets.KindConflict},
			{"unknown manager", assets.Person{Name: "X", Email: "x@example.com", ManagerID: 999}, assets.KindInvalid},
		} {
			p := c.p
			wantErrKind(t, c.what, s.CreatePerson(ctx, &p), c.kind)
		}
		list, err := s.People(ctx, "", 0)
		must(t, err)
		same(t, "people after refusals", personNames(list), []string{"Ada"})
	}},
	{"UpdateHistory", func(t *testing.T, s PersonStore) {
		m := newPerson(t, s, "Manager", "boss@example.com", "")
		p := assets.Person{Name: "Ada", Email: "ada@example.com", Department: "Sales", StartDate: date("2020-01-06")}
		must(t, s.CreatePerson(ctx, &p))
		created := p.Created
		q := p
		q.Name, q.Email, q.Department, q.Title, q.Location = "Ada King", "Ada.King@Example.com", "", "Countess", "Ockham"
		q.StartDate, q.LeaveDate, q.Status, q.ManagerID = assets.Date{}, date("2026-06-30"), assets.PersonOnLeave, m.ID
		must(t, s.UpdatePerson(ctx, &q))
		if !q.Created.Equal(created) || !q.Updated.After(created) {
			t.Errorf("stamps after update: %v %v (created %v)", q.Created, q.Updated, created)
		}
		got, err := s.Person(ctx, p.ID)
		must(t, err)
		samePerson(t, "updated person", got, q)
		h := peopleHistory(t, s, "person", p.ID)
		want := []string{
			"update name Ada -> Ada King",
			"update email ada@example.com -> ada.king@example.com",
			"update department Sales -> ",
			"update title  -> Countess",
			"update location  -> Ockham",
			"update start_date 2020-01-06 -> ",
			"update leave_date  -> 2026-06-30",
			"update status Active -> On leave",
			"update manager  -> #" + itoa(m.ID),
			"create: Ada <ada@example.com>",
		}
		// Rows written together come back newest first by row: the field
		// rows of one update are in reverse order of the list above.
		if len(h) != len(want) {
			t.Fatalf("history %q, want %q", h, want)
		}
		for i := 0; i < 9; i++ {
			if h[8-i] != want[i] {
				t.Errorf("history row %d: %q, want %q", 8-i, h[8-i], want[i])
			}
		}
		if h[9] != want[9] {
			t.Errorf("history row 9: %q, want %q", h[9], want[9])
		}

		// Saving it unchanged writes nothing and keeps the stamp.
		again := q
		must(t, s.UpdatePerson(ctx, &again))
		if n := len(peopleHistory(t, s, "person", p.ID)); n != len(want) {
			t.Errorf("unchanged save wrote history: %d rows", n)
		}
		got, err = s.Person(ctx, p.ID)
		must(t, err)
		if !got.Updated.Equal(q.Updated) {
			t.Errorf("unchanged save moved the stamp: %v, was %v", got.Updated, q.Updated)
		}

		// Refusals.
		x := q
		x.ID = q.ID + 100
		wantErrKind(t, "update of an unknown person", s.UpdatePerson(ctx, &x), assets.KindNotFound)
		x = q
		x.Email = "BOSS@example.com"
		wantErrKind(t, "update to another's e-mail", s.UpdatePerson(ctx, &x), assets.KindConflict)
		x = q
		x.Name = ""
		wantErrKind(t, "update without a name", s.UpdatePerson(ctx, &x), assets.KindInvalid)
		x = q
		x.ManagerID = x.ID
		wantErrKind(t, "own manager", s.UpdatePerson(ctx, &x), assets.KindInvalid)
		mm := m
		mm.ManagerID = q.ID // Ada reports to Manager: Manager may not report to Ada
		err = s.UpdatePerson(ctx, &mm)
		wantErrKind(t, "manager cycle", err, assets.KindInvalid)
		var ae *assets.Error
		if !errors.As(err, &ae) || ae.Field != "manager" {
			t.Errorf("manager cycle: %v, want an error on the manager field", err)
		}
		if err != nil && err.Error() != "manager: managers cannot go round in a circle: Manager <boss@example.com> would report to Ada King <ada.king@example.com>, who reports to Manager <boss@example.com>" {
			t.Errorf("manager cycle says %q", err)
		}
		got, err = s.Person(ctx, m.ID)
		must(t, err)
		if got.ManagerID != 0 {
			t.Errorf("refused cycle was saved: manager %d", got.ManagerID)
		}
	}},
	{"PeopleSearchAndOrder", func(t *testing.T, s PersonStore) {
		for _, p := range [][3]string{
			{"bob", "bob@example.com", "Sales"},
			{"Alice", "alice2@example.com", "IT"},
			{"alice", "alice1@example.com", "it"},
			{"Émile Zola", "emile@example.com", ""},
			{"Zed", "zed@work.example.org", "Support"},
			{"Aaron", "aaron@example.com", "Sales & Marketing"},
		} {
			newPerson(t, s, p[0], p[1], p[2])
		}
		for _, c := range []struct {
			text  string
			limit int
			want  []string
		}{
			{"", 0, []string{"Aaron", "Alice", "alice", "bob", "Zed", "Émile Zola"}},
			{"  ", 2, []string{"Aaron", "Alice"}},
			{"ALI", 0, []string{"Alice", "alice"}},
			{"work.EXAMPLE", 0, []string{"Zed"}},
			{"sales", 0, []string{"Aaron", "bob"}},
			{"it", 0, []string{"Alice", "alice"}},
			{"mile", 0, []string{"Émile Zola"}},
			{"Émile", 0, []string{"Émile Zola"}}, // as written
			{"ÉMILE ZOLA", 0, []string{"Émile Zola"}},
			{"emile", 0, []string{"Émile Zola"}}, // any case, with or without diacritics
			{"EMILE", 0, []string{"Émile Zola"}},
			{"zolà", 0, []string{"Émile Zola"}},
			{"& mark", 0, []string{"Aaron"}},
			{"%", 0, nil}, // % and _ are characters, not wildcards
			{"b_b", 0, nil},
			{"e_example", 0, nil},
			{"nobody", 0, nil},
		} {
			list, err := s.People(ctx, c.text, c.limit)
			must(t, err)
			same(t, "People("+c.text+")", personNames(list), c.want)
		}
	}},
	{"FindPeople", func(t *testing.T, s PersonStore) {
		for _, p := range []assets.Person{
			{Name: "bob", Email: "bob@example.com", Department: "Sales", Title: "Rep", Location: "Leeds"},
			{Name: "Alice", Email: "alice@example.com", Department: "sales", Title: "Director", Location: "York"},
			{Name: "Carol", Email: "carol@example.com", Department: "IT", Title: "50% admin", Status: assets.PersonLeft},
			{Name: "Dan", Email: "dan_x@example.com", Department: "", Location: "Leeds", Status: assets.PersonOnLeave},
			{Name: "Éva Kiss", Email: "eva@example.com", Department: "IT"},
		} {
			must(t, s.CreatePerson(ctx, &p))
		}
		for _, c := range []struct {
			what string
			f    assets.PeopleFilter
			want []string
		}{
			{"all", assets.PeopleFilter{}, []string{"Alice:0", "bob:0", "Carol:0", "Dan:0", "Éva Kiss:0"}},
			{"a name as written", assets.PeopleFilter{Text: "Éva"}, []string{"Éva Kiss:0"}},
			{"a name in capitals", assets.PeopleFilter{Text: "ÉVA KISS"}, []string{"Éva Kiss:0"}},
			{"a name without its accent", assets.PeopleFilter{Text: "eva k"}, []string{"Éva Kiss:0"}},
			{"a page of matches", assets.PeopleFilter{Text: "example.com", Limit: 2}, []string{"Alice:0", "bob:0"}},
			{"text and status", assets.PeopleFilter{Text: "example", Status: assets.PersonLeft}, []string{"Carol:0"}},
			{"limit", assets.PeopleFilter{Limit: 3}, []string{"Alice:0", "bob:0", "Carol:0"}},
			{"location", assets.PeopleFilter{Text: "LEEDS"}, []string{"bob:0", "Dan:0"}},
			{"title", assets.PeopleFilter{Text: "direct"}, []string{"Alice:0"}},
			{"e-mail", assets.PeopleFilter{Text: "carol@"}, []string{"Carol:0"}},
			{"department is not searched as text", assets.PeopleFilter{Text: "sales"}, nil},
			{"% is a character", assets.PeopleFilter{Text: "50%"}, []string{"Carol:0"}},
			{"_ is a character", assets.PeopleFilter{Text: "n_x"}, []string{"Dan:0"}},
			{"_ matches nothing else", assets.PeopleFilter{Text: "b_b"}, nil},
			{"department in any case", assets.PeopleFilter{Department: "SALES"}, []string{"Alice:0", "bob:0"}},
			{"status", assets.PeopleFilter{Status: assets.PersonLeft}, []string{"Carol:0"}},
			{"department and text", assets.PeopleFilter{Department: "sales", Text: "leeds"}, []string{"bob:0"}},
		} {
			list, err := s.FindPeople(ctx, c.f)
			must(t, err)
			same(t, "FindPeople "+c.what, rowNames(list), c.want)
		}
		list, err := s.FindPeople(ctx, assets.PeopleFilter{Text: "dan"})
		must(t, err)
		if len(list) != 1 || list[0].Email != "dan_x@example.com" || list[0].Status != assets.PersonOnLeave || list[0].Created.IsZero() {
			t.Errorf("FindPeople row: %+v", list)
		}
	}},
	{"DepartmentsAndMaps", func(t *testing.T, s PersonStore) {
		d, err := s.Departments(ctx)
		must(t, err)
		same(t, "departments of an empty register", d, []string(nil))
		a := newPerson(t, s, "A", "a@example.com", "sales")
		b := newPerson(t, s, "B", "B@Example.com", "IT")
		c := newPerson(t, s, "C", "c@example.com", "")
		e := newPerson(t, s, "E", "e@example.com", "Accounts")
		newPerson(t, s, "F", "f@example.com", "IT")
		d, err = s.Departments(ctx)
		must(t, err)
		same(t, "departments", d, []string{"Accounts", "IT", "sales"})

		emails, err := s.PeopleEmails(ctx)
		must(t, err)
		if len(emails) != 5 || emails["b@example.com"] != b.ID || emails["a@example.com"] != a.ID {
			t.Errorf("PeopleEmails %v", emails)
		}
		byID, err := s.PeopleByID(ctx)
		must(t, err)
		if len(byID) != 5 || byID[b.ID] != "b@example.com" || byID[c.ID] != "c@example.com" {
			t.Errorf("PeopleByID %v", byID)
		}
		deps, err := s.PersonDepartments(ctx)
		must(t, err)
		if len(deps) != 5 || deps[a.ID] != "sales" || deps[c.ID] != "" || deps[e.ID] != "Accounts" {
			t.Errorf("PersonDepartments %v", deps)
		}
	}},
	{"DeletePerson", func(t *testing.T, s PersonStore) {
		m := newPerson(t, s, "Manager", "boss@example.com", "")
		p := assets.Person{Name: "Ada", Email: "ada@example.com", ManagerID: m.ID}
		must(t, s.CreatePerson(ctx, &p))
		wantErrKind(t, "delete of an unknown person", s.DeletePerson(ctx, p.ID+100), assets.KindNotFound)
		must(t, s.DeletePerson(ctx, m.ID))
		_, err := s.Person(ctx, m.ID)
		wantErrKind(t, "deleted person", err, assets.KindNotFound)
		got, err := s.Person(ctx, p.ID)
		must(t, err)
		if got.ManagerID != 0 {
			t.Errorf("report of a deleted manager keeps manager %d", got.ManagerID)
		}
		same(t, "history of the deleted", peopleHistory(t, s, "person", m.ID), []string{
			"delete: Manager <boss@example.com>", "create: Manager <boss@example.com>"})
		// A new person never takes a deleted one's ID (and history).
		n := newPerson(t, s, "New", "new@example.com", "")
		if n.ID == m.ID || n.ID <= p.ID {
			t.Errorf("new person has ID %d after deleting %d (last %d)", n.ID, m.ID, p.ID)
		}
		same(t, "history of the new person", peopleHistory(t, s, "person", n.ID), []string{"create: New <new@example.com>"})
		// The e-mail is free again.
		newPerson(t, s, "Manager again", "Boss@example.com", "")
	}},
	{"ImportPeople", func(t *testing.T, s PersonStore) {
		old := newPerson(t, s, "Ada", "ada@example.com", "Sales")
		keep := newPerson(t, s, "Keep", "keep@example.com", "IT")
		list := func() []assets.PersonImport {
			return []assets.PersonImport{
				{Person: assets.Person{Name: "Ada King", Email: "ada@example.com", Department: "Sales", Status: assets.PersonActive}, ManagerEmail: "Boss@example.com"},
				{Person: assets.Person{Name: "Keep", Email: "keep@example.com", Department: "IT", Status: assets.PersonActive}},
				{Person: assets.Person{Name: "New", Email: "new@example.com", Department: "IT", Status: assets.PersonOnLeave, StartDate: date("2025-02-03")}, ManagerEmail: "keep@example.com"},
				{Person: assets.Person{Name: "Boss", Email: "boss@example.com", Status: assets.PersonActive}},
			}
		}
		st, err := s.ImportPeople(ctx, list(), true)
		must(t, err)
		same(t, "dry run stats", st, assets.ImportStats{Created: 2, Updated: 1, Unchanged: 1})
		all, err := s.People(ctx, "", 0)
		must(t, err)
		same(t, "people after a dry run", personNames(all), []string{"Ada", "Keep"})
		same(t, "history after a dry run", peopleHistory(t, s, "person", old.ID), []string{"create: Ada <ada@example.com>"})

		st, err = s.ImportPeople(ctx, list(), false)
		must(t, err)
		same(t, "stats", st, assets.ImportStats{Created: 2, Updated: 1, Unchanged: 1})
		boss, err := s.PersonByEmail(ctx, "boss@example.com")
		must(t, err)
		nw, err := s.PersonByEmail(ctx, "new@example.com")
		must(t, err)
		ada, err := s.Person(ctx, old.ID)
		must(t, err)
		if ada.Name != "Ada King" || ada.ManagerID != boss.ID || nw.ManagerID != keep.ID || nw.Status != assets.PersonOnLeave || nw.StartDate != date("2025-02-03") {
			t.Errorf("imported: ada %+v, new %+v", ada, nw)
		}
		if !(nw.ID > keep.ID && boss.ID > nw.ID) {
			t.Errorf("new people's IDs not in file order: new %d, boss %d (last before %d)", nw.ID, boss.ID, keep.ID)
		}
		same(t, "history of an updated person", peopleHistory(t, s, "person", ada.ID), []string{
			"import manager  -> #" + itoa(boss.ID), "import name Ada -> Ada King", "create: Ada <ada@example.com>"})
		same(t, "history of a created person", peopleHistory(t, s, "person", nw.ID), []string{"create: New <new@example.com>"})
		same(t, "history of an unchanged person", peopleHistory(t, s, "person", keep.ID), []string{"create: Keep <keep@example.com>"})

		// Again: nothing changes.
		st, err = s.ImportPeople(ctx, list(), false)
		must(t, err)
		same(t, "stats of the same file again", st, assets.ImportStats{Unchanged: 4})

		// A manager nobody knows refuses the whole file.
		bad := []assets.PersonImport{
			{Person: assets.Person{Name: "Other", Email: "other@example.com", Status: assets.PersonActive}},
			{Person: assets.Person{Name: "Ghost's report", Email: "r@example.com", Status: assets.PersonActive}, ManagerEmail: "ghost@example.com"},
		}
		_, err = s.ImportPeople(ctx, bad, false)
		if err == nil || assets.Message(err) != "r@example.com: manager ghost@example.com is not in the register" {
			t.Errorf("unknown manager: %v", err)
		}
		// So does a circle of managers.
		circle := []assets.PersonImport{
			{Person: assets.Person{Name: "P", Email: "p@example.com", Status: assets.PersonActive}, ManagerEmail: "q@example.com"},
			{Person: assets.Person{Name: "Q", Email: "q@example.com", Status: assets.PersonActive}, ManagerEmail: "p@example.com"},
		}
		_, err = s.ImportPeople(ctx, circle, false)
		wantErrKind(t, "circle of managers", err, assets.KindInvalid)
		// And an e-mail already taken in another case by a new row? No: the
		// register's e-mails are lower case, so it is the same person.
		all, err = s.People(ctx, "", 0)
		must(t, err)
		same(t, "people after refused imports", personNames(all), []string{"Ada King", "Boss", "Keep", "New"})
	}},
	{"EachPerson", func(t *testing.T, s PersonStore) {
		b := newPerson(t, s, "Boss", "boss@example.com", "")
		p := assets.Person{Name: "Zoe", Email: "a.zoe@example.com", ManagerID: b.ID}
		must(t, s.CreatePerson(ctx, &p))
		newPerson(t, s, "Mid", "m@example.com", "IT")
		var got []string
		must(t, s.EachPerson(ctx, func(p assets.Person, manager string) error {
			got = append(got, p.Email+" "+p.Name+" <"+manager+">")
			return nil
		}))
		same(t, "EachPerson", got, []string{"a.zoe@example.com Zoe <boss@example.com>", "boss@example.com Boss <>", "m@example.com Mid <>"})
		stop := errors.New("stop")
		n := 0
		err := s.EachPerson(ctx, func(assets.Person, string) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("EachPerson stopped with %v after %d", err, n)
		}
	}},
}
