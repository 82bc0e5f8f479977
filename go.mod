module gateway

go 1.26.8

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	golang.org/x/text v0.43.0
)
