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
	People    []assets.Person
	Assets    []Asset
	Locations []string
	Suppliers []string
	Courses   []assets.Course
	Training  []Completion
}

// Locations are the offices and floors of the sample company.
var Locations = []string{
	"Amsterdam HQ / Floor 1", "Amsterdam HQ / Floor 2", "Amsterdam HQ / Floor 3",
	"Amsterdam HQ / Server room", "Berlin Office", "Kraków Office", "Remote", "IT Store room",
}

var personLocations = []string{"Amsterdam HQ / Floor 1", "Amsterdam HQ / Floor 2", "Amsterdam HQ / Floor 3", "Berlin Office", "Kraków Office", "Remote"}

// Suppliers are the sample company's vendors.
var Suppliers = []string{"Centralpoint", "Bechtle", "CDW", "Dustin", "Insight", "Apple Business", "Amazon Business"}

var departments = []string{"Finance", "Sales", "Marketing", "Engineering", "Operations", "HR", "IT", "Legal", "Support"}

var titles = map[string][]string{
	"Finance":     {"Accountant", "Controller", "Finance Manager", "Payroll Specialist"},
	"Sales":       {"Account Manager", "Sales Representative", "Head of Sales", "Sales Engineer"},
	"Marketing":   {"Marketing Manager", "Content Writer", "Designer", "SEO Specialist"},
	"Engineering": {"Software Engineer", "Senior Engineer", "QA Engineer", "Engineering Manager", "DevOps Engineer"},
	"Operations":  {"Office Manager", "Operations Analyst", "Facilities Coordinator"},
	"HR":          {"HR Advisor", "Recruiter", "Head of People"},
	"IT":          {"IT Technician", "System Administrator", "IT Manager", "Network Engineer"},
	"Legal":       {"Legal Counsel", "Paralegal"},
	"Support":     {"Support Agent", "Support Lead", "Customer Success Manager"},
}

// Given and family names, mixed so that some people carry non-ASCII names.
var givenNames = []string{"Anna", "Zoë", "Łukasz", "Søren", "Maria", "Jan", "Sophie", "Lars", "Fatima", "Mateo",
	"Chloé", "Jürgen", "Ingrid", "Tomás", "Emma", "Noah", "Ayşe", "Björn", "Priya", "Oliver", "Małgorzata",
	"Pieter", "Sanne", "Daan", "Lucía", "Hannah", "Kofi", "Elif", "Marek", "Julia", "Ruben", "Nina"}
var familyNames = []string{"de Vries", "Jansen", "Kowalski", "Nielsen", "Müller", "García", "Bakker", "Smit",
	"Nowak", "Schmidt", "Dubois", "Öztürk", "Visser", "Lindqvist", "Mendes", "O'Brien", "Wiśniewska",
	"van Dijk", "Hansen", "Rossi", "Meijer", "Kaczmarek", "Fischer", "Brown"}

// Some names are written family name first, as their owners write them.
var fullNames = []string{"山田 太郎", "佐藤 花子", "김 민준", "Nguyễn Văn An"}

// model is one make and model and what goes with it.
type model struct {
	category     string
	manufacturer string
	name         string
	price        int64 // typical cost in whole currency units
	os           []string
	network      bool // has a MAC and a hostname
	serial       func(r *rand.Rand) string
}

var (
	winOS   = []string{"Windows 11 Pro 23H2", "Windows 11 Pro 22H2", "Windows 10 Pro 22H2", "Windows 11 Enterprise 23H2"}
	macOS   = []string{"macOS 14.5", "macOS 13.6.7", "macOS 14.4.1"}
	linuxOS = []string{"Ubuntu 22.04.4 LTS", "Ubuntu 24.04 LTS", "Debian 12"}
	iOS     = []string{"iOS 17.5", "iOS 16.7.8"}
	android = []string{"Android 14", "Android 13"}
	srvOS   = []string{"Windows Server 2022", "Ubuntu 22.04.4 LTS", "VMware ESXi 8.0"}
)

func serialDell(r *rand.Rand) string { return randChars(r, "0123456789BCDFGHJKLMNPQRSTVWXYZ", 7) }
func serialHP(r *rand.Rand) string {
	return "5CG" + randChars(r, "0123456789", 3) + randChars(r, "0123456789ABCDEFGHJKLMNPQRSTVWXYZ", 4)
}
func serialLenovo(r *rand.Rand) string {
	return "PF" + randChars(r, "0123456789ABCDEFGHJKLMNPQRSTVWXYZ", 6)
}
func serialApple(r *rand.Rand) string { return randChars(r, "0123456789CDFGHJKLMNPQRTVWXY", 10) }
func serialGeneric(prefix string, n int) func(r *rand.Rand) string {
	return func(r *rand.Rand) string { return prefix + randChars(r, "0123456789ABCDEF", n) }
}

var models = []model{
	{"laptop", "Dell", "Latitude 5440", 1150, winOS, true, serialDell},
	{"laptop", "Dell", "Latitude 7440", 1650, winOS, true, serialDell},
	{"laptop", "HP", "EliteBook 840 G9", 1350, winOS, true, serialHP},
	{"laptop", "HP", "ProBook 450 G10", 899, winOS, true, serialHP},
	{"laptop", "Lenovo", "ThinkPad T14 Gen 3", 1290, append(winOS, linuxOS[0]), true, serialLenovo},
	{"laptop", "Lenovo", "ThinkPad X1 Carbon Gen 11", 1890, winOS, true, serialLenovo},
	{"laptop", "Apple", "MacBook Pro 14 (M3)", 2199, macOS, true, serialApple},
	{"laptop", "Apple", "MacBook Air 13 (M2)", 1299, macOS, true, serialApple},
	{"desktop", "Dell", "OptiPlex 7010", 849, winOS, true, serialDell},
	{"desktop", "HP", "EliteDesk 800 G8", 920, winOS, true, serialHP},
	{"desktop", "Lenovo", "ThinkCentre M70q Gen 4", 780, winOS, true, serialLenovo},
	{"desktop", "Apple", "Mac mini (M2)", 749, macOS, true, serialApple},
	{"server", "Dell", "PowerEdge R750", 7400, srvOS, true, serialDell},
	{"server", "HPE", "ProLiant DL380 Gen10 Plus", 8200, srvOS, true, serialGeneric("CZ", 8)},
	{"server", "Synology", "DS920+", 610, []string{"DSM 7.2"}, true, serialGeneric("20C0", 6)},
	{"printer", "Brother", "HL-L8360CDW", 480, nil, true, serialGeneric("E7", 8)},
	{"printer", "HP", "LaserJet Pro M404dn", 320, nil, true, serialGeneric("PHB", 7)},
	{"printer", "Canon", "imageRUNNER ADVANCE C3826i", 4300, nil, true, serialGeneric("XMK", 6)},
	{"network", "Cisco", "Catalyst 9200-48P", 5200, []string{"IOS XE 17.9"}, true, serialGeneric("JAE", 8)},
	{"network", "Ubiquiti", "UniFi U6 Pro", 160, nil, true, serialGeneric("", 12)},
	{"network", "Fortinet", "FortiGate 60F", 720, []string{"FortiOS 7.2"}, true, serialGeneric("FGT60F", 8)},
	{"network", "Cisco", "Meraki MR46", 980, nil, true, serialGeneric("Q2KD", 8)},
	{"phone", "Apple", "iPhone 13", 729, iOS, true, serialApple},
	{"phone", "Apple", "iPhone 15", 969, iOS, true, serialApple},
	{"phone", "Samsung", "Galaxy S23", 899, android, true, serialGeneric("R5C", 8)},
	{"tablet", "Apple", "iPad Air (5th generation)", 699, []string{"iPadOS 17.5"}, true, serialApple},
	{"tablet", "Samsung", "Galaxy Tab S9", 849, android, true, serialGeneric("R52", 8)},
	{"monitor", "Dell", "U2723QE", 589, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "Dell", "P2422H", 219, nil, false, serialGeneric("CN0", 9)},
	{"monitor", "LG", "27UP850N-W", 449, nil, false, serialGeneric("2", 9)},
	{"monitor", "HP", "E24 G5", 199, nil, false, serialHP},
	{"peripheral", "Logitech", "MX Keys", 109, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Logitech", "MX Master 3S", 99, nil, false, serialGeneric("2", 10)},
	{"peripheral", "Jabra", "Evolve2 65", 229, nil, false, serialGeneric("", 11)},
	{"peripheral", "Dell", "WD19S Dock", 199, nil, false, serialDell},
	{"other", "APC", "Smart-UPS 1500", 690, nil, false, serialGeneric("AS", 10)},
	{"other", "Logitech", "Rally Bar", 3499, nil, true, serialGeneric("2", 10)},
}

// How often each category appears, roughly as in a 60-person office.
var categoryWeights = map[string]int{
	"laptop": 30, "desktop": 8, "server": 2, "printer": 3, "network": 5,
	"phone": 14, "tablet": 4, "monitor": 22, "peripheral": 10, "other": 2,
}

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
	ds.People = genPeople(r, c)
	ds.Assets = genAssets(r, c, ds.People)
	// Training has its own random stream, so adding it left the rest as it was.
	genTraining(rand.New(rand.NewPCG(c.Seed, c.Seed^0x545241494e)), c, &ds)
	return ds
}

func genPeople(r *rand.Rand, c Config) []assets.Person {
	today := assets.DateOf(c.Today)
	seen := map[string]int{}
	people := make([]assets.Person, 0, c.People)
	for i := 0; i < c.People; i++ {
		var name, emailBase string
		if i%17 == 5 {
			name = fullNames[(i/17)%len(fullNames)]
			emailBase = fmt.Sprintf("user%03d", i+1)
		} else {
			g, f := pick(r, givenNames), pick(r, familyNames)
			if i < 4 {
				g = givenNames[i] // Anna, Zoë, Łukasz and Søren are always there
			}
			name = g + " " + f
			emailBase = asciiFold(g) + "." + asciiFold(f)
		}
		seen[emailBase]++
		if n := seen[emailBase]; n > 1 {
			emailBase = fmt.Sprintf("%s%d", emailBase, n)
		}
		dept := departments[i%len(departments)]
		if i >= len(departments) {
			dept = pick(r, departments)
		}
		p := assets.Person{
			Name:       name,
			Email:      emailBase + "@example.com",
			Department: dept,
			Title:      pick(r, titles[dept]),
			Location:   pick(r, personLocations),
			StartDate:  today.AddDays(-r.IntN(12 * 365)),
			Status:     assets.PersonActive,
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
		people = append(people, p)
	}
	return people
}

func genAssets(r *rand.Rand, c Config, people []assets.Person) []Asset {
	byCat := map[string][]model{}
	for _, m := range models {
		byCat[m.category] = append(byCat[m.category], m)
	}
	// Categories in a fixed order so the same seed gives the same office.
	var cats []string
	total := 0
	for _, cat := range assets.DefaultCategories {
		cats = append(cats, cat.Name)
		total += categoryWeights[cat.Name]
	}
	today := assets.DateOf(c.Today)
	out := make([]Asset, 0, c.Assets)
	serials := map[string]bool{}
	for i := 0; i < c.Assets; i++ {
		// The first assets walk through every category and status, so even a
		// small office shows them all.
		cat := cats[i%len(cats)]
		if i >= len(cats) {
			w := r.IntN(total)
			for _, name := range cats {
				if w < categoryWeights[name] {
					cat = name
					break
				}
				w -= categoryWeights[name]
			}
		}
		m := pick(r, byCat[cat])
		age := r.IntN(8*365 - 10)
		purchased := today.AddDays(-age - 1)
		status := pickStatus(r, age, i)
		a := assets.Asset{
			Name:         m.manufacturer + " " + m.name,
			Category:     cat,
			Manufacturer: m.manufacturer,
			Model:        m.name,
			Status:       status,
			Location:     pick(r, Locations),
			PurchaseDate: purchased,
			Cost:         assets.Money{Minor: price(r, m.price, c.Currency), Currency: c.Currency},
			Supplier:     pick(r, Suppliers),
		}
		for {
			a.Serial = m.serial(r)
			if !serials[a.Serial] {
				serials[a.Serial] = true
				break
			}
		}
		if len(m.os) > 0 {
			a.OS = pick(r, m.os)
		}
		var holder string
		personal := cat == "laptop" || cat == "desktop" || cat == "phone" || cat == "tablet" || cat == "monitor" || cat == "peripheral"
		if status == assets.StatusDeployed && personal {
			p := people[r.IntN(len(people))]
			holder = p.Email
			a.Location = p.Location
			a.Name = m.manufacturer + " " + m.name + " - " + strings.Fields(p.Name)[0]
		}
		if status == assets.StatusInStock {
			a.Location = "IT Store room"
		}
		if cat == "server" || cat == "network" {
			a.Location = "Amsterdam HQ / Server room"
		}
		if m.network {
			a.MAC = mac(r, m.manufacturer)
			a.HostName = hostname(cat, i+1)
		}
		a.Notes = note(r, status, m)
		out = append(out, Asset{Asset: a, HolderEmail: holder})
	}
	return out
}

func pickStatus(r *rand.Rand, ageDays, i int) assets.Status {
	if i < len(assets.Statuses)*2 && i%2 == 1 {
		return assets.Statuses[(i/2)%len(assets.Statuses)]
	}
	n := r.IntN(100)
	old := ageDays > 5*365
	switch {
	case old && n < 35:
		return assets.StatusRetired
	case old && n < 50:
		return assets.StatusDisposed
	case n < 3:
		return assets.StatusLost
	case n < 8:
		return assets.StatusInRepair
	case n < 22:
		return assets.StatusInStock
	}
	return assets.StatusDeployed
}

func note(r *rand.Rand, st assets.Status, m model) string {
	switch st {
	case assets.StatusInRepair:
		return pick(r, []string{"Battery swelling, sent to vendor", "Screen cracked; waiting for part", "Keyboard replacement under warranty", "Fan noise, diagnostics booked"})
	case assets.StatusLost:
		return pick(r, []string{"Reported lost on a train; remote wipe done", "Not found at the last audit", "Stolen from car, police report filed"})
	case assets.StatusDisposed:
		return pick(r, []string{"Disks shredded, certificate on file", "Sold to staff", "Recycled via the WEEE scheme"})
	}
	if r.IntN(6) == 0 {
		return pick(r, []string{"Extended warranty (3 years on-site)", "Docking station at desk", "Spare for new starters", "Loan device"})
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
