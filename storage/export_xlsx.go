package storage

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes registrations as an Excel workbook: Polish Excel reads a
// comma-separated file into one column (its list separator is ";"), while a
// workbook opens right everywhere. Numbers are numbers, and the heading row
// is bold and frozen.
func WriteXLSX(w io.Writer, regs []Registration) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Zapisy"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("export XLSX: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("export XLSX: %w", err)
	}
	rows := [][]string{ExportColumns}
	for i, r := range regs {
		rows = append(rows, ExportRow(i, r))
	}
	for y, row := range rows {
		cells := make([]any, len(row))
		for x, v := range row {
			cells[x] = v
			// Lp. and Liczba osób are numbers; KRS and phones stay text
			// (leading zeros, plus signs).
			if y > 0 && (x == 0 || x == 7) {
				if n, err := strconv.Atoi(v); err == nil {
					cells[x] = n
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, y+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return fmt.Errorf("export XLSX: %w", err)
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(ExportColumns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
		return fmt.Errorf("export XLSX: %w", err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("export XLSX: %w", err)
	}
	for x, width := range []float64{5, 10, 40, 12, 25, 30, 15, 11, 16, 10, 17, 30} {
		col, _ := excelize.ColumnNumberToName(x + 1)
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return fmt.Errorf("export XLSX: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export XLSX: %w", err)
	}
	return nil
}
