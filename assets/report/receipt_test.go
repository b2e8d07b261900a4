package report

import (
	"regexp"
	"strings"
	"testing"

	"steward/assets"
)

// The hand-over receipt printed as PDF says what, serials, condition, date,
// both names, and has lines for both to sign.
func TestHandoverReceiptPDF(t *testing.T) {
	in := ReceiptInput{Org: "Harbour Vets", On: assets.MustDate("2026-03-02"), Staff: "Lena Ek",
		Items: []ReceiptItem{
			{Tag: "ST-000123", Name: "Dell Latitude 5440", Category: "Laptop", Serial: "5CG1234XYZ", Condition: assets.ConditionGood,
				DueBack: assets.MustDate("2026-06-30"), Person: "Noah O'Brien", Note: "with charger"},
			{Tag: "ST-000124", Name: "iPhone 15", Category: "Phone", Serial: "F2LZK0AAN70Q", Condition: assets.ConditionNew, Person: "Noah O'Brien"},
		}}
	text := pdfText(t, writePDF(t, HandoverReceipt(in), A4), "-layout")
	flat := regexp.MustCompile(`\s+`).ReplaceAllString(text, " ")
	for _, want := range []string{"Hand-over receipt", "Noah O'Brien received 2 items from Lena Ek on 2026-03-02.",
		"ST-000123", "Dell Latitude 5440", "5CG1234XYZ", "Good", "2026-06-30", "with charger",
		"ST-000124", "iPhone 15", "F2LZK0AAN70Q", "New",
		"Received by Noah O'Brien (signature)", "Handed over by Lena Ek (signature)", "Harbour Vets"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, text)
		}
	}
	if n := pdfInfo(t, writePDF(t, HandoverReceipt(in), A4))["Pages"]; n != "1" {
		t.Errorf("two items take %s pages", n)
	}

	// Back from two people: one table and one signature line each.
	in.Return = true
	in.Items[1].Person = "Ann Archer"
	in.Items[1].Condition = assets.ConditionDamaged
	text = pdfText(t, writePDF(t, HandoverReceipt(in), A4), "-layout")
	flat = regexp.MustCompile(`\s+`).ReplaceAllString(text, " ")
	for _, want := range []string{"Return receipt", "Lena Ek took back 2 items from Noah O'Brien, Ann Archer on 2026-03-02.",
		"Items returned by Noah O'Brien", "Items returned by Ann Archer", "Damaged",
		"Returned by Noah O'Brien (signature)", "Returned by Ann Archer (signature)", "Taken back by Lena Ek (signature)"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the return receipt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "Due back") {
		t.Errorf("a return receipt has a due-back column:\n%s", text)
	}
}
