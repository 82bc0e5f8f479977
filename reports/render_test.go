package reports

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tool finds a poppler binary. Without it the test skips, unless GATEWAY_CI
// is set: CI must prove the PDFs open.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("GATEWAY_CI") != "" {
			t.Fatalf("%s not found and GATEWAY_CI is set: install poppler-utils", name)
		}
		t.Skipf("%s not installed (poppler-utils)", name)
	}
	return p
}

// pdfText extracts a PDF's text with pdftotext -layout, so a table row is a
// line; pages are separated by form feeds.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdfPages rasterises a PDF with pdftoppm -r 50 -png and returns how many
// pages became PNGs: proof that a real reader opens it.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	bin := tool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", "50", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	for _, p := range pngs {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Fatalf("%s is not a PNG", p)
		}
	}
	if dump := os.Getenv("REPORTS_DUMP"); dump != "" { // eyeball: REPORTS_DUMP=/tmp/x go test
		os.MkdirAll(dump, 0o755)
		os.WriteFile(filepath.Join(dump, strings.ReplaceAll(t.Name(), "/", "_")+".pdf"), pdf, 0o644)
	}
	return len(pngs)
}

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatal("output is not a PDF")
	}
	return b.Bytes()
}

// rowsStarting returns the fields of every line that starts with label.
func rowsStarting(text, label string) [][]string {
	var out [][]string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\f", "\n"), "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, label) {
			out = append(out, strings.Fields(strings.TrimSpace(strings.TrimPrefix(l, label))))
		}
	}
	return out
}
