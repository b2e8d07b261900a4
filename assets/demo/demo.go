// Package demo generates a realistic sample office: people in departments
// and the IT equipment they use, as plain domain values. It is pure and
// deterministic: the same Config always yields the same Dataset, so tests,
// benchmarks and screenshots can rely on it. Loading a Dataset into a store
// is the caller's job (see cmd_demo.go).
//
// Later features extend Dataset with their own slices (licences, contracts,
// tasks, courses, training records) generated from the same random source.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"steward/assets"
)

// Config says what to generate.
type Config struct {
	Assets   int       // number of assets; 0 means 300
	People   int       // number of people; 0 means 60
	Seed     uint64    // random seed; the same seed gives the same office
	Currency string    // ISO code for every cost; "" means EUR
	Today    time.Time // purchase dates fall in the 8 years before it; zero means 2026-06-01
}

// Asset is a generated asset and who holds it, by e-mail address ("" when
// nobody): the store assigns person IDs only when people are saved.
type Asset struct {
	assets.Asset
	HolderEmail string
}

// Dataset is one generated office.
type Dataset struct {
	// People come managers first: a person's manager is always earlier in
	// the list, so loading them in order can set each manager's ID.
	People []assets.Person
	// Managers gives each person's manager by e-mail (both keys and values
	// are e-mails; the managing director has none).
	Managers  map[string]string
	Assets    []Asset
	Locations []string
	Suppliers []string
	Courses   []assets.Course
	Training  []Completion
	// Loans are equipment lent from stock with a date to bring it back:
	// one comes back next week, one is a few days late, one a month late
	// (a return_overdue alert each for the two late ones).
	Loans []Loan
}

// Loan is an asset of Assets (by index) checked out to a person until DueBack.
type Loan struct {
	Asset       int
	HolderEmail string
	On, DueBack assets.Date
}

// Locations are the offices and floors of the sample company.
var Locations = []string{
	"Amsterdam HQ / Floor 1", "Amsterdam HQ / Floor 2", "Amsterdam HQ / Floor 3",
	"Amsterdam HQ / Server room", "Berlin Office", "Kraków Office", "Remote", "IT Store room",
}

var personLocations = []string{"Amsterdam HQ / Floor 1", "Amsterdam HQ / Floor 2", "Amsterdam HQ / Floor 3", "Berlin Office", "Kraków Office", "Remote"}

// officeLocations are where shared equipment (printers, access points,
// meeting-room kit) hangs: the floors and offices, not homes or the store.
var officeLocations = []string{"Amsterdam HQ / Floor 1", "Amsterdam HQ / Floor 2", "Amsterdam HQ / Floor 3", "Berlin Office", "Kraków Office"}

const (
	storeRoom  = "IT Store room"
	serverRoom = "Amsterdam HQ / Server room"
)

// Suppliers are the sample company's vendors: resellers, then Apple (for
// its own products) and Amazon (for accessories).
var Suppliers = []string{"Centralpoint", "Bechtle", "CDW", "Dustin", "Insight", "Apple Business", "Amazon Business"}

var departments = []string{"Finance", "Sales", "Marketing", "Engineering", "Operations", "HR", "IT", "Legal", "Support"}

// The managing director heads the company; each department has a head who
// reports to the director, and everyone else reports to their head.
const (
	directorDepartment = "Management"
	directorTitle      = "Managing Director"
)

var headTitles = map[string]string{
	"Finance": "Finance Manager", "Sales": "Head of Sales", "Marketing": "Marketing Manager",
	"Engineering": "Engineering Manager", "Operations": "Operations Manager", "HR": "Head of People",
	"IT": "IT Manager", "Legal": "General Counsel", "Support": "Head of Support",
}

var titles = map[string][]string{
	"Finance":     {"Accountant", "Controller", "Payroll Specialist"},
	"Sales":       {"Account Manager", "Sales Representative", "Sales Engineer"},
	"Marketing":   {"Content Writer", "Designer", "SEO Specialist"},
	"Engineering": {"Software Engineer", "Senior Engineer", "QA Engineer", "DevOps Engineer"},
	"Operations":  {"Office Manager", "Operations Analyst", "Facilities Coordinator"},
	"HR":          {"HR Advisor", "Recruiter"},
	"IT":          {"IT Technician", "System Administrator", "Network Engineer"},
	"Legal":       {"Legal Counsel", "Paralegal"},
	"Support":     {"Support Agent", "Support Team Lead", "Customer Success Manager"},
}

// Given and family names, mixed so that some people carry non-ASCII names.
var givenNames = []string{"Anna", "Zoë", "Łukasz", "Søren", "Maria", "Jan", "Sophie", "Lars", "Fatima", "Mateo",
	"Chloé", "Jürgen", "Ingrid", "Tomás", "Emma", "Noah", "Ayşe", "Björn", "Priya", "Oliver", "Małgorzata",
	"Pieter", "Sanne", "Daan", "Lucía", "Hannah", "Kofi", "Elif", "Marek", "Julia", "Ruben", "Nina"}
var familyNames = []string{"de Vries", "Jansen", "Kowalski", "Nielsen", "Müller", "García", "Bakker", "Smit",
	"Nowak", "Schmidt", "Dubois", "Öztürk", "Visser", "Lindqvist", "Mendes", "O'Brien", "Wiśniewska",
	"van Dijk", "Hansen", "Rossi", "Meijer", "Kaczmarek", "Fischer", "Brown"}

// Some names are written family name first, as their owners write them;
// their e-mail addresses are the company's usual given.family. They are
// in Latin letters: a machine without CJK fonts would draw 山田 as boxes,
// and an evaluator would take that for a fault (real registers may hold
// any script: the window then needs the fonts).
var fullNames = []struct{ name, email string }{
	{"Yamada Tarō", "taro.yamada"}, {"Satō Hanako", "hanako.sato"}, {"Kim Min-jun", "minjun.kim"}, {"Nguyễn Văn An", "an.nguyen"},
}

// How often each category appears, roughly as in a 60-person office.
var categoryWeights = map[string]int{
	"laptop": 30, "desktop": 8, "server": 2, "printer": 3, "network": 5,
	"phone": 14, "tablet": 4, "monitor": 22, "peripheral": 10, "other": 2,
}

// personal categories are issued to people; the rest is shared.
var personal = map[string]bool{"laptop": true, "desktop": true, "phone": true, "tablet": true, "monitor": true, "peripheral": true}

// Generate builds the sample office described by c.
func Generate(c Config) Dataset {
	if c.Assets <= 0 {
		c.Assets = 300
	}
	if c.People <= 0 {
		c.People = 60
	}
	if c.Currency == "" {
		c.Currency = "EUR"
	}
	if c.Today.IsZero() {
		c.Today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	r := rand.New(rand.NewPCG(c.Seed, c.Seed^0x5354574431))
	ds := Dataset{
		Locations: append([]string(nil), Locations...),
		Suppliers: append([]string(nil), Suppliers...),
	}
	ds.People, ds.Managers = genPeople(r, c)
	ds.Assets = genAssets(r, c, ds.People)
	// Training has its own random stream, so adding it left the rest as it was.
	genTraining(rand.New(rand.NewPCG(c.Seed, c.Seed^0x545241494e)), c, &ds)
	ds.Loans = genLoans(c, ds)
	return ds
}

// genLoans lends up to three in-stock laptops, tablets or phones to people
// still employed: one due back in a week, one 5 days late, one 40 days late.
// It draws no random numbers, so the rest of the office stays as it was.
func genLoans(c Config, ds Dataset) []Loan {
	today := assets.DateOf(c.Today)
	var staff []string
	for _, p := range ds.People {
		if p.Status == assets.PersonActive && p.LeaveDate.IsZero() {
			staff = append(staff, p.Email)
		}
	}
	terms := []struct{ out, due int }{{-7, 7}, {-19, -5}, {-60, -40}}
	var loans []Loan
	for i := range ds.Assets {
		a := ds.Assets[i]
		if len(loans) == len(terms) || len(staff) == 0 {
			break
		}
		if a.Status != assets.StatusInStock || a.HolderEmail != "" || (a.Category != "laptop" && a.Category != "tablet" && a.Category != "phone") {
			continue
		}
		t := terms[len(loans)]
		on := today.AddDays(t.out)
		if on.Before(a.PurchaseDate) {
			continue
		}
		loans = append(loans, Loan{Asset: i, HolderEmail: staff[(len(loans)*7+3)%len(staff)], On: on, DueBack: today.AddDays(t.due)})
	}
	return loans
}

// genPeople makes the managing director, one head per department, then
// staff; it returns them in that order with each person's manager.
func genPeople(r *rand.Rand, c Config) ([]assets.Person, map[string]string) {
	today := assets.DateOf(c.Today)
	seen := map[string]int{}
	names := map[string]bool{}
	people := make([]assets.Person, 0, c.People)
	managers := map[string]string{}
	heads := map[string]string{} // department -> head's e-mail
	director := ""
	for i := 0; i < c.People; i++ {
		var name, emailBase string
		if i%17 == 5 {
			f := fullNames[(i/17)%len(fullNames)]
			name, emailBase = f.name, f.email
		} else {
			// A small office has no two people of the same name (it
			// would look like a mistake); a big one may.
			for try := 0; ; try++ {
				g, f := pick(r, givenNames), pick(r, familyNames)
				if i < 4 {
					g = givenNames[i] // Anna, Zoë, Łukasz and Søren are always there
				}
				name = g + " " + f
				emailBase = asciiFold(g) + "." + asciiFold(f)
				if !names[name] || try >= 20 {
					break
				}
			}
		}
		names[name] = true
		seen[emailBase]++
		if n := seen[emailBase]; n > 1 {
			emailBase = fmt.Sprintf("%s%d", emailBase, n)
		}
		p := assets.Person{
			Name:      name,
			Email:     emailBase + "@example.com",
			Location:  pick(r, personLocations),
			StartDate: today.AddDays(-r.IntN(12 * 365)),
			Status:    assets.PersonActive,
		}
		switch {
		case i == 0:
			p.Department, p.Title, p.Location = directorDepartment, directorTitle, "Amsterdam HQ / Floor 3"
			p.StartDate = today.AddDays(-9*365 - r.IntN(3*365)) // the founder
			director = p.Email
		case i <= len(departments):
			p.Department = departments[i-1]
			p.Title = headTitles[p.Department]
			heads[p.Department] = p.Email
			managers[p.Email] = director
		default:
			p.Department = pick(r, departments)
			p.Title = pick(r, titles[p.Department])
			if h := heads[p.Department]; h != "" {
				managers[p.Email] = h
			}
			switch {
			case i%23 == 22:
				p.Status = assets.PersonLeft
				p.LeaveDate = today.AddDays(-r.IntN(200) - 1)
				if p.LeaveDate.Before(p.StartDate) {
					p.LeaveDate = p.StartDate.AddDays(30)
				}
			case i%29 == 28:
				p.Status = assets.PersonOnLeave
			}
		}
		people = append(people, p)
	}
	return people, managers
}

// holders hands personal equipment round: each category goes to every
// person still employed in turn (in a shuffled order), so a 60-person office
// has one laptop each rather than three for some and none for others.
type holders struct {
	r     *rand.Rand
	staff []int // indexes of people still employed
	order map[string][]int
	next  map[string]int
}

func newHolders(r *rand.Rand, people []assets.Person) *holders {
	h := &holders{r: r, order: map[string][]int{}, next: map[string]int{}}
	for i, p := range people {
		if p.Status != assets.PersonLeft {
			h.staff = append(h.staff, i)
		}
	}
	return h
}

// take returns the next person to receive an asset of category cat, or -1.
func (h *holders) take(cat string) int {
	if len(h.staff) == 0 {
		return -1
	}
	o, ok := h.order[cat]
	if !ok {
		o = make([]int, len(h.staff))
		for i, j := range h.r.Perm(len(h.staff)) {
			o[i] = h.staff[j]
		}
		h.order[cat] = o
	}
	n := h.next[cat]
	h.next[cat] = n + 1
	return o[n%len(o)]
}

func genAssets(r *rand.Rand, c Config, people []assets.Person) []Asset {
	cat := newCatalog()
	refresh := map[string]int{}
	// Categories in a fixed order so the same seed gives the same office.
	var cats []string
	total := 0
	for _, dc := range assets.DefaultCategories {
		cats = append(cats, dc.Name)
		refresh[dc.Name] = dc.RefreshYears
		total += categoryWeights[dc.Name]
	}
	today := assets.DateOf(c.Today)
	out := make([]Asset, 0, c.Assets)
	serials := map[string]bool{}
	hold := newHolders(r, people)
	for i := 0; i < c.Assets; i++ {
		// The first assets walk through every category and status, so even a
		// small office shows them all.
		category := cats[i%len(cats)]
		if i >= len(cats) {
			w := r.IntN(total)
			for _, name := range cats {
				if w < categoryWeights[name] {
					category = name
					break
				}
				w -= categoryWeights[name]
			}
		}
		age := r.IntN(8*365 - 10)
		purchased := workday(today.AddDays(-age - 1))
		m, ok := cat.onSale(r, category, purchased)
		if !ok {
			// Bought before the category's first model came out: bought
			// on its first day instead (a Today long ago).
			purchased = cat.firstSale(category)
			m, _ = cat.onSale(r, category, purchased)
		}
		age = purchased.DaysUntil(today)
		status := pickStatus(r, age, refresh[category], i)
		a := assets.Asset{
			Name:         m.manufacturer + " " + m.name,
			Category:     category,
			Manufacturer: m.manufacturer,
			Model:        m.name,
			Status:       status,
			PurchaseDate: purchased,
			Cost:         assets.Money{Minor: price(r, m.price, c.Currency), Currency: c.Currency},
			Supplier:     pick(r, Suppliers[:len(Suppliers)-2]),
		}
		switch {
		case m.manufacturer == "Apple":
			a.Supplier = "Apple Business" // Apple sells its own
		case category == "peripheral" && r.IntN(3) == 0:
			a.Supplier = "Amazon Business"
		}
		for {
			a.Serial = m.serial(r)
			if !serials[a.Serial] {
				serials[a.Serial] = true
				break
			}
		}
		if len(m.os) > 0 {
			a.OS = pickOS(r, pick(r, m.os), purchased, today)
		}
		var holder string
		switch {
		case status == assets.StatusDeployed && personal[category]:
			if p := hold.take(category); p >= 0 {
				holder = people[p].Email
				a.Location = people[p].Location
			} else {
				a.Status, a.Location = assets.StatusInStock, storeRoom
			}
		case !status.Active() && status != assets.StatusLost:
			a.Location = storeRoom // retired kit waits there for disposal
		case status != assets.StatusDeployed:
			a.Location = storeRoom
			if status == assets.StatusLost {
				a.Location = pick(r, personLocations)
			}
		case category == "server" || category == "network" && m.line != "uap" && m.line != "mr" || category == "other" && m.line == "ups":
			a.Location = serverRoom
		default:
			a.Location = pick(r, officeLocations)
		}
		if status == assets.StatusDisposed {
			a.Location = ""
		}
		if m.network {
			a.MAC = mac(r, m.manufacturer)
			a.HostName = hostname(category, i+1)
		}
		a.Notes = note(r, a.Status, category, holder != "")
		out = append(out, Asset{Asset: a, HolderEmail: holder})
	}
	return out
}

// workday moves a Saturday or Sunday back to the Friday: offices buy on
// working days.
func workday(d assets.Date) assets.Date {
	switch d.Time().Weekday() {
	case time.Saturday:
		return d.AddDays(-1)
	case time.Sunday:
		return d.AddDays(-2)
	}
	return d
}

// pickStatus picks an asset's status from its age: kit past its refresh
// date has mostly been replaced (retired, then disposed of), leaving the
// small backlog a real office has.
func pickStatus(r *rand.Rand, ageDays, refreshYears, i int) assets.Status {
	if i < len(assets.Statuses)*2 && i%2 == 1 {
		return assets.Statuses[(i/2)%len(assets.Statuses)]
	}
	n := r.IntN(100)
	over := refreshYears > 0 && ageDays > refreshYears*365
	long := refreshYears > 0 && ageDays > refreshYears*365+365
	switch {
	case long && n < 55, over && n < 30:
		return assets.StatusDisposed
	case long && n < 95, over && n < 85:
		return assets.StatusRetired
	case n < 2:
		return assets.StatusLost
	case n < 6:
		return assets.StatusInRepair
	case n < 18:
		return assets.StatusInStock
	}
	return assets.StatusDeployed
}

// note is what a technician would have written about such an asset, if
// anything.
func note(r *rand.Rand, st assets.Status, category string, held bool) string {
	computer := category == "laptop" || category == "desktop" || category == "server"
	switch st {
	case assets.StatusInRepair:
		switch category {
		case "laptop":
			return pick(r, []string{"Battery swelling, sent to vendor", "Screen cracked; waiting for part", "Keyboard replacement under warranty", "Fan noise, diagnostics booked"})
		case "phone", "tablet":
			return pick(r, []string{"Screen cracked; with the repair shop", "Battery replacement booked", "Does not charge; sent to vendor"})
		case "monitor":
			return pick(r, []string{"Dead pixels; warranty claim open", "No signal on USB-C; sent to vendor"})
		case "printer":
			return pick(r, []string{"Paper jams; engineer visit booked", "Fuser replacement ordered"})
		}
		return "Faulty; with the vendor"
	case assets.StatusLost:
		if category == "laptop" || category == "phone" || category == "tablet" {
			return pick(r, []string{"Reported lost on a train; remote wipe done", "Not found at the last audit", "Stolen from car, police report filed"})
		}
		return "Not found at the last audit"
	case assets.StatusDisposed:
		if computer {
			return pick(r, []string{"Disks wiped and shredded, certificate on file", "Wiped and sold to staff", "Wiped; recycled via the WEEE scheme"})
		}
		if category == "phone" || category == "tablet" {
			return pick(r, []string{"Erased and sold to staff", "Erased; traded in with the supplier", "Erased; recycled via the WEEE scheme"})
		}
		return "Recycled via the WEEE scheme"
	case assets.StatusRetired:
		if r.IntN(3) == 0 {
			return "Replaced; waiting for disposal"
		}
		return ""
	case assets.StatusInStock:
		if r.IntN(4) == 0 && (computer || category == "phone" || category == "monitor") {
			return "Spare for new starters"
		}
		return ""
	}
	if r.IntN(8) == 0 {
		switch {
		case category == "laptop" && held:
			return pick(r, []string{"Extended warranty (3 years on-site)", "Docking station at desk", "Privacy screen fitted"})
		case computer:
			return "Extended warranty (3 years on-site)"
		}
	}
	return ""
}

// price varies a list price by ±15%, in minor units of currency.
func price(r *rand.Rand, whole int64, currency string) int64 {
	v := float64(whole) * (0.85 + 0.3*r.Float64())
	scale := int64(1)
	for range assets.Digits(currency) {
		scale *= 10
	}
	cents := int64(v*100) % 100 / 5 * 5 // prices end in multiples of 5 cents
	if scale == 1 {
		return int64(v)
	}
	return int64(v)*scale + cents*scale/100
}

// Vendor prefixes (OUIs) so MAC addresses look like the make's own.
var ouis = map[string]string{
	"Dell": "f8:bc:12", "HP": "3c:52:82", "Lenovo": "54:e1:ad", "Apple": "a4:83:e7", "Synology": "00:11:32",
	"Brother": "00:80:77", "Cisco": "00:1e:bd", "Ubiquiti": "24:5a:4c", "Fortinet": "00:09:0f", "Samsung": "8c:71:f8",
	"HPE": "94:40:c9", "Canon": "00:1e:8f", "Logitech": "00:04:20",
}

func mac(r *rand.Rand, maker string) string {
	oui, ok := ouis[maker]
	if !ok {
		oui = "02:00:00"
	}
	return fmt.Sprintf("%s:%02x:%02x:%02x", oui, r.IntN(256), r.IntN(256), r.IntN(256))
}

var hostPrefix = map[string]string{
	"laptop": "lt", "desktop": "ws", "server": "srv", "printer": "prn", "network": "net",
	"phone": "ph", "tablet": "tab", "other": "dev",
}

func hostname(cat string, n int) string {
	p := hostPrefix[cat]
	if p == "" {
		p = "dev"
	}
	return fmt.Sprintf("%s-%05d", p, n)
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func randChars(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// asciiFold writes a name in the letters an e-mail address can carry.
func asciiFold(s string) string {
	repl := strings.NewReplacer("ë", "e", "Ł", "L", "ł", "l", "ø", "o", "Ø", "O", "é", "e", "ü", "u", "Ü", "U",
		"á", "a", "í", "i", "ó", "o", "ç", "c", "ş", "s", "ö", "o", "Ö", "O", "ß", "ss", "ś", "s", "ń", "n",
		"ą", "a", "ę", "e", "ż", "z", "ź", "z", "ć", "c", "ğ", "g", "ı", "i", "'", "", " ", "")
	s = repl.Replace(s)
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
