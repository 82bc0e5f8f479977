package reports

import (
	"bytes"
	"strings"
	"testing"
)

func TestEveryPDFOpens(t *testing.T) {
	for name, f := range map[string]func(*bytes.Buffer) error{
		"compliance": func(b *bytes.Buffer) error { return ComplianceReportPDF(b, laReport()) },
		"service":    func(b *bytes.Buffer) error { return ServiceComplianceReportPDF(b, serviceReport()) },
		"pack":       func(b *bytes.Buffer) error { return CommissionerPackPDF(b, richPack()) },
		"empty pack": func(b *bytes.Buffer) error {
			return CommissionerPackPDF(b, Pack{LA: "X", Month: october, GeneratedAt: generatedAt})
		},
	} {
		t.Run(name, func(t *testing.T) {
			pdf := render(t, f)
			if n := pdfPages(t, pdf); n < 1 {
				t.Fatalf("%d pages rasterised", n)
			}
			text := pdfText(t, pdf)
			for _, want := range []string{"Period: October 2026", "Generated 3 Nov 2026 09:15 UTC", "Page 1 of "} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q", want)
				}
			}
		})
	}
}

func TestRendersRunConcurrently(t *testing.T) {
	// The server renders reports for several users at once; the shared font
	// bytes and anything else package-level must cope (run with -race).
	done := make(chan error)
	for range 4 {
		go func() {
			var b bytes.Buffer
			done <- CommissionerPackPDF(&b, richPack())
		}()
		go func() {
			var b bytes.Buffer
			done <- ServiceComplianceReportPDF(&b, namedService())
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
