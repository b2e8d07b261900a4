package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/widget"

	"steward/assets"
)

// gate holds the store's answer to a chosen search until the test opens it,
// so that an older search can be made to answer after a newer one.
type gate struct {
	mu   sync.Mutex
	held map[string]chan struct{}
}

// hold makes the search for text wait until the returned channel is closed.
func (g *gate) hold(text string) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.held == nil {
		g.held = map[string]chan struct{}{}
	}
	ch := make(chan struct{})
	g.held[text] = ch
	return ch
}

// pass waits while the search for text is held.
func (g *gate) pass(text string) {
	g.mu.Lock()
	ch := g.held[text]
	g.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

// typeOverSlowSearch types older then newer into entry, with the store
// answering the search for older only after the newer one's result has
// been shown; then it waits for everything to land.
func typeOverSlowSearch(u *UI, entry *widget.Entry, g *gate, older, newer string) {
	release := g.hold(older)
	entry.SetText(older) // its query waits in the store
	entry.SetText(newer)
	(<-u.handBack)() // the newer search's result: the only one that can arrive yet
	close(release)   // now the older one answers, late
	u.wait()
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// fakeLicences is the Licences screen's store in memory, its list query
// held by a gate; the screen's other methods are not used by these tests.
type fakeLicences struct {
	licencesStore
	gate
	rows []assets.LicenceStatus
}

func (f *fakeLicences) AlertOptionsAt(_ context.Context, asOf assets.Date) (assets.AlertOptions, error) {
	return assets.AlertOptions{AsOf: asOf, WarnDays: 30}, nil
}

func (f *fakeLicences) ListLicences(_ context.Context, q assets.LicenceQuery) ([]assets.LicenceStatus, error) {
	f.pass(q.Search)
	var out []assets.LicenceStatus
	for _, r := range f.rows {
		if containsFold(r.Product, q.Search) {
			out = append(out, r)
		}
	}
	return out, nil
}

// Typing "a" then "adobe" in the Licences search while the store is slow
// to answer "a": the list shows the Adobe licences, not everything "a"
// matched once that late answer comes.
func TestLicencesSlowOlderSearchDoesNotWin(t *testing.T) {
	u := newBareUI(t)
	f := &fakeLicences{rows: []assets.LicenceStatus{
		{Licence: assets.Licence{ID: 1, Product: "Adobe Acrobat"}},
		{Licence: assets.Licence{ID: 2, Product: "Adobe Photoshop"}},
		{Licence: assets.Licence{ID: 3, Product: "Autodesk AutoCAD"}},
	}}
	s := &licencesScreen{ui: u, store: f}
	u.win.SetContent(s.view())
	u.wait()
	if len(s.rows) != 3 {
		t.Fatalf("first load shows %d licences, want 3", len(s.rows))
	}
	typeOverSlowSearch(u, s.search, &f.gate, "a", "adobe")
	if len(s.rows) != 2 || s.status.Text != "2 licences, 0 short of seats" {
		t.Errorf("after typing adobe the list shows %d rows, says %q: an older search's answer won", len(s.rows), s.status.Text)
	}
}

// fakeContracts is the Contracts screen's store in memory, its list query
// held by a gate.
type fakeContracts struct {
	contractsStore
	gate
	rows []assets.ContractRow
}

func (f *fakeContracts) AlertOptionsAt(_ context.Context, asOf assets.Date) (assets.AlertOptions, error) {
	return assets.AlertOptions{AsOf: asOf, WarnDays: 30}, nil
}

func (f *fakeContracts) ListContracts(_ context.Context, q assets.ContractQuery) ([]assets.ContractRow, error) {
	f.pass(q.Search)
	var out []assets.ContractRow
	for _, r := range f.rows {
		if containsFold(r.Provider, q.Search) {
			out = append(out, r)
		}
	}
	return out, nil
}

// The same for the Contracts search: "d" then "dell".
func TestContractsSlowOlderSearchDoesNotWin(t *testing.T) {
	u := newBareUI(t)
	f := &fakeContracts{rows: []assets.ContractRow{
		{Contract: assets.Contract{ID: 1, Kind: assets.ContractSupport, Provider: "Dell ProSupport"}},
		{Contract: assets.Contract{ID: 2, Kind: assets.ContractWarranty, Provider: "Lenovo Depot"}},
		{Contract: assets.Contract{ID: 3, Kind: assets.ContractSupport, Provider: "Cisco SmartNet"}},
	}}
	s := &contractsScreen{ui: u, store: f}
	u.win.SetContent(s.view())
	u.wait()
	if len(s.rows) != 3 {
		t.Fatalf("first load shows %d contracts, want 3", len(s.rows))
	}
	typeOverSlowSearch(u, s.search, &f.gate, "d", "dell")
	if len(s.rows) != 1 || s.rows[0].ID != 1 || s.status.Text != "1 contract" {
		t.Errorf("after typing dell the list shows %d rows, says %q: an older search's answer won", len(s.rows), s.status.Text)
	}
}

// fakeTraining is the Training screen's store in memory: no courses, the
// people of the picker, their search held by a gate.
type fakeTraining struct {
	trainingStore
	gate
	people []assets.PersonRow
}

func (f *fakeTraining) Courses(context.Context) ([]assets.Course, error) { return nil, nil }

func (f *fakeTraining) Compliance(_ context.Context, asOf assets.Date, _ int) (*assets.TrainingMatrix, error) {
	return &assets.TrainingMatrix{AsOf: asOf}, nil
}

func (f *fakeTraining) Departments(context.Context) ([]string, error) {
	return []string{"Finance", "IT"}, nil
}

func (f *fakeTraining) FindPeople(_ context.Context, q assets.PeopleFilter) ([]assets.PersonRow, error) {
	f.pass(q.Text)
	var out []assets.PersonRow
	for _, p := range f.people {
		if containsFold(p.Name, q.Text) {
			out = append(out, p)
		}
	}
	return out, nil
}

// The same for the people picker of "Record completions" (Selected
// people): "an" then "anna".
func TestTrainingPickerSlowOlderSearchDoesNotWin(t *testing.T) {
	u := newBareUI(t)
	f := &fakeTraining{people: []assets.PersonRow{
		{Person: assets.Person{ID: 1, Name: "Anna Berg", Status: assets.PersonActive}},
		{Person: assets.Person{ID: 2, Name: "Jan Novak", Status: assets.PersonActive}},
		{Person: assets.Person{ID: 3, Name: "Dan Ivanov", Status: assets.PersonActive}},
	}}
	s := &trainingScreen{ui: u, store: f, chosen: -1, recPicked: map[int64]bool{}}
	u.win.SetContent(s.view())
	u.wait()
	s.recWho.SetSelected(whoGroup)
	u.wait()
	if len(s.recPeople) != 3 {
		t.Fatalf("the picker lists %d people, want 3", len(s.recPeople))
	}
	typeOverSlowSearch(u, s.recSearch, &f.gate, "an", "anna")
	if len(s.recPeople) != 1 || s.recPeople[0].ID != 1 {
		t.Errorf("after typing anna the picker lists %d people: an older search's answer won", len(s.recPeople))
	}
}
