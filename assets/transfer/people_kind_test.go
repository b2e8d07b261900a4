package transfer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"steward/assets"
	"steward/assets/sqlite"
	"steward/assets/transfer"
)

// The manager of Ann comes later in the file.
const goodPeople = `Name,Email,Department,Title,Location,Manager,Start_Date,Leave_Date,Status
Ann Archer,ANN@example.org,Sales,Rep,Berlin,boss@example.org,2022-01-10,,active
Bea Boss,boss@example.org,Sales,Head of sales,Berlin,,2019-05-01,,
Carl Gone,carl@example.org,IT,Admin,Paris,boss@example.org,2020-02-01,2025-12-31,left
`

const goodCourses = `name,provider,renewal_months,mandatory
Security awareness,KnowBe4,12,laptop
GDPR basics,Academy,24,all
Anti-fraud,Academy,0,Finance; Sales
Excel tips,,0,
`

// As an LMS exports it: times after dates, percent scores, an empty score,
// odd case and spacing in names, and one row repeated.
const lmsTraining = `email,course,completed_on,expires_on,score,certificate,note
ann@example.org,security  AWARENESS,2025-05-01T10:00:00Z,,85%,CERT-1,
Boss@Example.org,GDPR basics,2025-11-20 09:30:00,,,CERT-2,
ann@example.org,Anti-fraud,2024/03/01,2027-01-01,90,,renewal agreed by HR
ann@example.org,security  AWARENESS,2025-05-01T10:00:00Z,,85%,CERT-1,
`

func importString(t *testing.T, s *sqlite.Store, kind, body string, dry bool) transfer.Result {
	t.Helper()
	res, err := transfer.Import(context.Background(), s, kind, kind+".csv", strings.NewReader(body), transfer.Options{DryRun: dry})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return res
}

func exportString(t *testing.T, s *sqlite.Store, kind string) string {
	t.Helper()
	var b bytes.Buffer
	if err := transfer.Export(context.Background(), s, kind, "csv", &b, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(b.String(), "\ufeff")
}

func TestPeopleCoursesTrainingImportRoundTrip(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()

	res := importString(t, s, "people", goodPeople, true)
	if res.Created != 3 {
		t.Fatalf("dry run %+v", res)
	}
	if ps, _ := s.People(ctx, "", 0); len(ps) != 0 {
		t.Fatalf("dry run wrote %d people", len(ps))
	}
	res = importString(t, s, "people", goodPeople, false)
	if res.Created != 3 {
		t.Fatalf("people %+v", res)
	}
	ann, err := s.PersonByEmail(ctx, "ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	boss, _ := s.PersonByEmail(ctx, "boss@example.org")
	if ann.ManagerID != boss.ID || ann.Department != "Sales" || ann.StartDate.String() != "2022-01-10" {
		t.Fatalf("Ann %+v", ann)
	}
	carl, _ := s.PersonByEmail(ctx, "carl@example.org")
	if carl.Status != assets.PersonLeft || carl.LeaveDate.String() != "2025-12-31" {
		t.Fatalf("Carl %+v", carl)
	}

	res = importString(t, s, "courses", goodCourses, false)
	if res.Created != 4 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], `"Finance"`) {
		t.Fatalf("courses %+v", res)
	}
	sec, _ := s.CourseByName(ctx, "security awareness")
	if sec.RenewalMonths != 12 || len(sec.Mandatory) != 1 || sec.Mandatory[0] != (assets.Scope{Kind: assets.ScopeCategory, Value: "laptop"}) {
		t.Fatalf("security course %+v", sec)
	}
	fraud, _ := s.CourseByName(ctx, "Anti-fraud")
	if len(fraud.Mandatory) != 2 || fraud.Mandatory[0].Value != "Finance" || fraud.Mandatory[1].Value != "Sales" {
		t.Fatalf("anti-fraud scopes %+v", fraud.Mandatory)
	}

	res = importString(t, s, "training", lmsTraining, false)
	if res.Created != 3 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "line 5 repeats line 2") {
		t.Fatalf("training %+v", res)
	}
	recs, _ := s.TrainingRecords(ctx, ann.ID)
	if len(recs) != 2 {
		t.Fatalf("Ann's records %+v", recs)
	}
	if r := recs[0]; r.CourseName != "Security awareness" || r.CompletedOn.String() != "2025-05-01" || r.ExpiresOn.String() != "2026-05-01" ||
		r.Override || assets.FormatScore(r.Score) != "85" || r.Certificate != "CERT-1" {
		t.Errorf("security record %+v", r)
	}
	if r := recs[1]; r.ExpiresOn.String() != "2027-01-01" || !r.Override || r.Note != "renewal agreed by HR" {
		t.Errorf("anti-fraud record %+v", r)
	}
	bossRecs, _ := s.TrainingRecords(ctx, boss.ID)
	if len(bossRecs) != 1 || bossRecs[0].Score != nil || bossRecs[0].ExpiresOn.String() != "2027-11-20" {
		t.Errorf("boss record %+v", bossRecs)
	}

	// Round trip: what is exported imports back unchanged, and exports the same.
	for _, kind := range []string{"people", "courses", "training"} {
		out := exportString(t, s, kind)
		res := importString(t, s, kind, out, false)
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != res.Rows {
			t.Errorf("%s round trip changed things: %+v\n%s", kind, res, out)
		}
		if again := exportString(t, s, kind); again != out {
			t.Errorf("%s export differs after re-import:\n%s\nvs\n%s", kind, out, again)
		}
	}
	if out := exportString(t, s, "people"); !strings.Contains(out, "Ann Archer,ann@example.org,Sales,Rep,Berlin,boss@example.org,2022-01-10,,active") {
		t.Errorf("people export:\n%s", out)
	}
	if out := exportString(t, s, "courses"); !strings.Contains(out, "Anti-fraud,Academy,0,Finance; Sales") || !strings.Contains(out, "GDPR basics,Academy,24,all") {
		t.Errorf("courses export:\n%s", out)
	}

	// A whole round trip into a fresh register gives the same files.
	s2 := openStore(t)
	for _, kind := range []string{"people", "courses", "training"} {
		importString(t, s2, kind, exportString(t, s, kind), false)
		if a, b := exportString(t, s, kind), exportString(t, s2, kind); a != b {
			t.Errorf("%s differs in the copy:\n%s\nvs\n%s", kind, a, b)
		}
	}
}

func TestImportRejectsBadRowsWithLineAndColumn(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	importString(t, s, "people", goodPeople, false)
	importString(t, s, "courses", goodCourses, false)

	for _, tc := range []struct {
		kind, body string
		want       []string
	}{
		{"people", "name,email,manager,status,start_date\nDan,dan@example.org,nobody@example.org,,\nEve,not-an-email,,retired,2024-02-30\nFay,fay@example.org,fay@example.org,,\n",
			[]string{
				`people.csv line 2, column 3 (manager): nobody with e-mail "nobody@example.org"`,
				`people.csv line 3, column 2 (email): "not-an-email" is not an e-mail address`,
				`people.csv line 3, column 4 (status): "retired" is not a person status`,
				`people.csv line 3, column 5 (start_date): "2024-02-30" is not a date`,
			}},
		{"people", "name,email,manager\nFay,fay@example.org,fay@example.org\n",
			[]string{`people.csv line 2, column 3 (manager): a person cannot be their own manager`}},
		{"people", "name,email\nGus,gus@example.org\nGus again,GUS@example.org\n",
			[]string{`people.csv line 3, column 2 (email): gus@example.org is also on line 2`}},
		{"courses", "name,renewal_months,mandatory\nFirst aid,twelve,all\nFire,-3,category:spaceship\nFirst AID,0,\n",
			[]string{
				`courses.csv line 2, column 2 (renewal_months): "twelve" is not a whole number`,
				`courses.csv line 3, column 2 (renewal_months): give a renewal period between 0`,
				`courses.csv line 3, column 3 (mandatory): there is no category "spaceship"`,
				`courses.csv line 4, column 1 (name): course "First AID" is also on line 2`,
			}},
		{"training", "email,course,completed_on,expires_on,score\nzed@example.org,GDPR basics,2025-01-01,,\nann@example.org,Basket weaving,2025-01-01,,\nann@example.org,GDPR basics,01/02/2025,,\nann@example.org,GDPR basics,2025-01-01,2024-01-01,pass\nann@example.org,GDPR basics,2026-12-01,,\n",
			[]string{
				`training.csv line 2, column 1 (email): nobody with e-mail "zed@example.org" is in the register`,
				`training.csv line 3, column 2 (course): there is no course "Basket weaving"`,
				`training.csv line 4, column 3 (completed_on): "01/02/2025" is not a date`,
				`training.csv line 5, column 5 (score): "pass" is not a score`,
				`training.csv line 6, column 3 (completed_on): the completion date 2026-12-01 is in the future`,
			}},
		{"training", "email,course,completed_on,expires_on\nann@example.org,GDPR basics,2025-01-01,2024-01-01\n",
			[]string{`training.csv line 2, column 4 (expires_on): the expiry 2024-01-01 is before the completion date 2025-01-01`}},
		{"training", "email,course,completed_on,score\nann@example.org,GDPR basics,2025-01-01,80\nann@example.org,GDPR basics,2025-01-01T08:00:00Z,95\n",
			[]string{`training.csv line 3, column 3 (completed_on): line 2 has the same person, course and date with other details`}},
	} {
		before := exportString(t, s, tc.kind)
		_, err := transfer.Import(ctx, s, tc.kind, tc.kind+".csv", strings.NewReader(tc.body), transfer.Options{})
		if err == nil {
			t.Errorf("%s: bad file accepted:\n%s", tc.kind, tc.body)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error lacks %q:\n%v", tc.kind, w, err)
			}
		}
		if after := exportString(t, s, tc.kind); after != before {
			t.Errorf("%s: a rejected file changed the register", tc.kind)
		}
	}
}

// FuzzImportPeopleCoursesTraining: any file gives either a result or an
// error that says something, and a dry run never writes. The register holds
// the good fixtures, so training rows can match people and courses.
func FuzzImportPeopleCoursesTraining(f *testing.F) {
	f.Add("people", []byte(goodPeople))
	f.Add("courses", []byte(goodCourses))
	f.Add("training", []byte(lmsTraining))
	f.Add("training", []byte("email,course,completed_on,score\nann@example.org,GDPR basics,2025-01-01T00:00:00+14:00,1e999\n"))
	f.Add("courses", []byte("name,mandatory\nx,department:;category:laptop;all\n"))
	f.Add("people", []byte("name,email,department\nBad\x1fName,bad@example.org,Sa\x7fles\n"))
	f.Add("training", []byte("email,course,completed_on,note\nann@example.org,GDPR basics,2025-01-01,\"a\x00b\"\n"))
	s := openStore(f)
	ctx := context.Background()
	for _, kind := range []string{"people", "courses"} {
		body := goodPeople
		if kind == "courses" {
			body = goodCourses
		}
		if _, err := transfer.Import(ctx, s, kind, kind+".csv", strings.NewReader(body), transfer.Options{}); err != nil {
			f.Fatal(err)
		}
	}
	snapshot := func() string {
		var b strings.Builder
		for _, k := range []string{"people", "courses", "training"} {
			if err := transfer.Export(ctx, s, k, "csv", &b, transfer.Options{}); err != nil {
				f.Fatal(err)
			}
		}
		return b.String()
	}
	before := snapshot()
	f.Fuzz(func(t *testing.T, kind string, data []byte) {
		switch kind {
		case "people", "courses", "training":
		default:
			return
		}
		_, err := transfer.Import(ctx, s, kind, "fuzz.csv", bytes.NewReader(data), transfer.Options{DryRun: true})
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
		if err == nil {
			checkAcceptedIsPlainText(t, data, "note", "comments", "description")
		}
		if snapshot() != before {
			t.Fatal("a dry run changed the register")
		}
	})
}

// TestTrainingImportTakesLMSColumnNames: the column names learning systems
// export are understood; a column nobody knows is still refused, and errors
// keep their line and column.
func TestTrainingImportTakesLMSColumnNames(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	importString(t, s, "people", goodPeople, false)
	importString(t, s, "courses", goodCourses, false)
	lms := "\ufeffUser Email,Course Name,Completion Date,Expiration Date,Score (%),Certificate ID,Comments\n" +
		"ann@example.org,GDPR basics,2025-09-01T08:15:00Z,,88,GD-1,\"first, on time\"\n"
	res := importString(t, s, "training", lms, false)
	if res.Created != 1 {
		t.Fatalf("%+v", res)
	}
	ann, _ := s.PersonByEmail(ctx, "ann@example.org")
	recs, _ := s.TrainingRecords(ctx, ann.ID)
	if len(recs) != 1 || recs[0].ExpiresOn.String() != "2027-09-01" || assets.FormatScore(recs[0].Score) != "88" ||
		recs[0].Certificate != "GD-1" || recs[0].Note != "first, on time" {
		t.Fatalf("record %+v", recs)
	}
	_, err := transfer.Import(ctx, s, "training", "t.csv", strings.NewReader("User Email,Course,Completed,Department\nann@example.org,GDPR basics,2025-09-01,Sales\n"), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), `t.csv line 1, column 4 (Department): unknown column "Department"`) {
		t.Fatalf("unknown column: %v", err)
	}
	_, err = transfer.Import(ctx, s, "training", "t.csv", strings.NewReader("Course Title,Learner Email,Date Completed\nGDPR basics,ann@example.org,next week\n"), transfer.Options{})
	if err == nil || !strings.Contains(err.Error(), `t.csv line 2, column 3 (completed_on): "next week" is not a date`) {
		t.Fatalf("bad date after aliasing: %v", err)
	}
}
