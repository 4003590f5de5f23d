//! Tables fitted to a width, as `gh` and `kubectl` draw them: a value is never broken inside
//! itself. When a table is wider than the terminal, the steps its maker lists (shorten a
//! column to its short form, drop a column) are taken in order, least important first, until
//! it fits; then the elastic column, if any, lays its values on more lines (between values
//! only) or shortens them with `…`. Off a terminal there is no width and nothing gives way.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr as _;

/// A colour for a whole cell, on a terminal only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Green,
    Yellow,
    Red,
    Bold,
}

impl Paint {
    const fn code(self) -> &'static str {
        match self {
            Self::Green => "\x1b[32m",
            Self::Yellow => "\x1b[33m",
            Self::Red => "\x1b[31m",
            Self::Bold => "\x1b[1m",
        }
    }
}

/// One cell: lines, each made of values that may go on separate lines between them.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    lines: Vec<Vec<String>>,
    paint: Option<Paint>,
}

impl Cell {
    /// One value on one line.
    pub fn text(text: impl Into<String>) -> Self {
        Self { lines: vec![vec![text.into()]], paint: None }
    }

    /// One value a line.
    pub fn lines(lines: impl IntoIterator<Item = String>) -> Self {
        Self { lines: lines.into_iter().map(|line| vec![line]).collect(), paint: None }
    }

    /// Lines of values: a line too long for the column continues, indented, on the next.
    pub fn values(lines: Vec<Vec<String>>) -> Self {
        Self { lines, paint: None }
    }

    #[must_use]
    pub const fn paint(mut self, paint: Option<Paint>) -> Self {
        self.paint = paint;
        self
    }

    fn width(&self) -> usize {
        self.lines.iter().map(|line| line_width(line)).max().unwrap_or(0)
    }
}

fn line_width(values: &[String]) -> usize {
    values.iter().map(|v| v.width()).sum::<usize>() + values.len().saturating_sub(1)
}

pub struct Column {
    pub header: &'static str,
    pub cells: Vec<Cell>,
    /// The column's short form: its header and cells, taken by [`Step::Shorten`].
    pub short: Option<(&'static str, Vec<Cell>)>,
}

impl Column {
    pub fn new(header: &'static str, cells: Vec<Cell>) -> Self {
        Self { header, cells, short: None }
    }

    #[must_use]
    pub fn short(mut self, header: &'static str, cells: Vec<Cell>) -> Self {
        self.short = Some((header, cells));
        self
    }

    fn width(&self) -> usize {
        self.cells.iter().map(Cell::width).max().unwrap_or(0).max(self.header.width())
    }
}

/// What gives way when a table is too wide, in order.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    Shorten(usize),
    Drop(usize),
    /// Cut the column's values to this width, ending in `…`.
    Cap(usize, usize),
}

/// How the elastic column gives way once every step is taken.
#[derive(Debug, Clone, Copy)]
pub struct Elastic {
    pub column: usize,
    /// It keeps at least this width.
    pub min: usize,
    /// The width it is counted at while the other columns give way (`usize::MAX`: its
    /// own, so that it gives way last).
    pub want: usize,
    /// A value wider than the column ends in `…` (else it is left whole, past the edge: a
    /// value someone copies, such as a URL in `show`, is never cut).
    pub truncate: bool,
}

pub struct Table {
    pub columns: Vec<Column>,
    pub header: bool,
    pub steps: Vec<Step>,
    pub elastic: Option<Elastic>,
    pub color: bool,
}

/// The gap between columns, and the margin before the first (comfy-table's look, kept).
const GAP: usize = 2;
const MARGIN: usize = 1;

impl Table {
    /// A table of plain rows under `headers`, with nothing to give way but `elastic`.
    pub fn rows(headers: &[&'static str], rows: Vec<Vec<Cell>>, elastic: Option<Elastic>) -> Self {
        let mut columns: Vec<Column> = headers.iter().map(|h| Column::new(h, Vec::new())).collect();
        for row in rows {
            for (column, cell) in columns.iter_mut().zip(row) {
                column.cells.push(cell);
            }
        }
        Self { columns, header: true, steps: Vec::new(), elastic, color: false }
    }

    fn total(&self, kept: &[bool]) -> usize {
        let counted = |(i, column): (usize, &Column)| match self.elastic {
            Some(elastic) if elastic.column == i => column.width().min(elastic.want),
            _ => column.width(),
        };
        let widths: Vec<usize> =
            self.columns.iter().enumerate().zip(kept).filter(|(_, k)| **k).map(|(c, _)| counted(c)).collect();
        MARGIN + widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
    }

    /// Writes the table within `width` columns if it can be made to fit (`None`: any width).
    pub fn write(mut self, out: &mut dyn Write, width: Option<usize>) -> io::Result<()> {
        let mut kept = vec![true; self.columns.len()];
        let mut wrap_at = None;
        // What the records show if nothing makes the table fit: every column, whole.
        let original: Option<Vec<Column>> = width.filter(|_| self.header).map(|_| {
            self.columns.iter().map(|c| Column { header: c.header, cells: c.cells.clone(), short: None }).collect()
        });
        if let Some(width) = width {
            for step in std::mem::take(&mut self.steps) {
                if self.total(&kept) <= width {
                    break;
                }
                match step {
                    Step::Drop(i) => kept[i] = false,
                    Step::Cap(i, max) => {
                        for cell in &mut self.columns[i].cells {
                            for line in &mut cell.lines {
                                if line_width(line) > max {
                                    *line = vec![shorten(&line.join(" "), max)];
                                }
                            }
                        }
                    }
                    Step::Shorten(i) => {
                        if let Some((header, cells)) = self.columns[i].short.take() {
                            self.columns[i].header = header;
                            self.columns[i].cells = cells;
                        }
                    }
                }
            }
            if let Some(elastic) = self.elastic
                && kept[elastic.column]
            {
                let column = &self.columns[elastic.column];
                let others = self.total(&kept) - column.width().min(elastic.want);
                let room = width.saturating_sub(others).max(elastic.min).max(column.header.width());
                if column.width() > room {
                    wrap_at = Some((elastic.column, room, elastic.truncate));
                }
            }
        }
        // A value that cannot be cut and is wider than its column's room goes on lines of its
        // own below its row, where it has the whole width.
        let mut spilled: Vec<Option<Cell>> = Vec::new();
        if let Some((column, room, truncate)) = wrap_at {
            for cell in &mut self.columns[column].cells {
                cell.lines = wrap(&cell.lines, room, truncate);
                let too_wide = cell.width() > room;
                spilled.push(too_wide.then(|| std::mem::replace(cell, Cell::text(""))));
            }
        }
        let shown: Vec<&Column> = self.columns.iter().zip(&kept).filter(|(_, k)| **k).map(|(c, _)| c).collect();
        let widths: Vec<usize> = shown.iter().map(|c| c.width()).collect();
        let total = MARGIN + widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1);
        if let Some(original) = original.filter(|_| width.is_some_and(|width| total > width)) {
            // Still too wide with every step taken (values that are never cut, such as
            // revealed secrets): one record a row, a field a line, as `psql \x` shows them.
            return write_records(out, &original.iter().collect::<Vec<_>>(), self.color);
        }
        if self.header {
            let headers: Vec<Cell> = shown.iter().map(|c| Cell::text(c.header)).collect();
            write_row(out, &headers.iter().collect::<Vec<_>>(), &widths, false)?;
        }
        let rows = shown.first().map_or(0, |c| c.cells.len());
        for row in 0..rows {
            let cells: Vec<&Cell> = shown.iter().map(|c| &c.cells[row]).collect();
            write_row(out, &cells, &widths, self.color)?;
            if let Some(Some(cell)) = spilled.get(row) {
                let mut below = cell.clone();
                below.lines = cell.lines.iter().map(|line| vec![line.join(" ")]).collect();
                write_row(out, &[&Cell::text(" ".repeat(3)), &below], &[3, 0], self.color)?;
            }
        }
        Ok(())
    }
}

fn write_records(out: &mut dyn Write, columns: &[&Column], color: bool) -> io::Result<()> {
    let label = columns.iter().map(|c| c.header.width()).max().unwrap_or(0);
    let rows = columns.first().map_or(0, |c| c.cells.len());
    for row in 0..rows {
        if row > 0 {
            writeln!(out)?;
        }
        for column in columns {
            let mut cell = column.cells[row].clone();
            cell.lines = cell.lines.iter().map(|line| vec![line.join(" ")]).collect();
            write_row(out, &[&Cell::text(column.header), &cell], &[label, 0], color)?;
        }
    }
    Ok(())
}

fn write_row(out: &mut dyn Write, cells: &[&Cell], widths: &[usize], color: bool) -> io::Result<()> {
    let height = cells.iter().map(|c| c.lines.len()).max().unwrap_or(0).max(1);
    for n in 0..height {
        let mut line = " ".repeat(MARGIN);
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            let text = cell.lines.get(n).map(|values| values.join(" ")).unwrap_or_default();
            if i > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            let pad = width.saturating_sub(text.width());
            match cell.paint.filter(|_| color && !text.is_empty()) {
                Some(paint) => {
                    line.push_str(paint.code());
                    line.push_str(&text);
                    line.push_str("\x1b[0m");
                }
                None => line.push_str(&text),
            }
            line.push_str(&" ".repeat(pad));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Lays each line's values on lines of at most `width`, breaking between values only;
/// continuation lines are indented by two.
fn wrap(lines: &[Vec<String>], width: usize, truncate: bool) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in lines {
        let mut current: Vec<String> = Vec::new();
        for value in line {
            let candidate = line_width(&current) + usize::from(!current.is_empty()) + value.width();
            if !current.is_empty() && candidate > width {
                out.push(std::mem::take(&mut current));
                // Joined with the next value by a space: an indent of two.
                current.push(" ".to_owned());
            }
            let room = width.saturating_sub(line_width(&current) + usize::from(!current.is_empty()));
            if truncate && value.width() > room {
                current.push(shorten(value, room));
            } else {
                current.push(value.clone());
            }
        }
        out.push(current);
    }
    out
}

/// `value` cut to `width` columns, ending in `…`.
pub fn shorten(value: &str, width: usize) -> String {
    if value.width() <= width {
        return value.to_owned();
    }
    let mut out = String::new();
    for c in value.chars() {
        let next = out.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if next + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The width tables are fitted to: the terminal's, when stdout is one.
pub fn terminal_width() -> Option<usize> {
    comfy_table::Table::new().width().map(usize::from).filter(|&w| w > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: Table, width: Option<usize>) -> String {
        let mut out = Vec::new();
        table.write(&mut out, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Table {
        let cells = |texts: &[&str]| texts.iter().map(|t| Cell::text(*t)).collect::<Vec<_>>();
        Table {
            columns: vec![
                Column::new("Name", cells(&["billing-sync-with-a-long-name", "x"])),
                Column::new("Created", cells(&["2026-12-03 11:41", "2026-12-03 11:42"]))
                    .short("Created", cells(&["2026-12-03", "2026-12-03"])),
                Column::new("Secret", cells(&["rvs_••••••••a1b2", "rvs_••••••••c3d4"])),
            ],
            header: true,
            steps: vec![Step::Drop(2), Step::Shorten(1)],
            elastic: Some(Elastic { column: 0, min: 8, want: usize::MAX, truncate: true }),
            color: false,
        }
    }

    #[test]
    fn a_table_gives_way_in_the_order_given_and_never_wraps_a_value() {
        let wide = render(sample(), None);
        assert!(wide.contains("rvs_••••••••a1b2") && wide.contains("2026-12-03 11:41"), "{wide}");
        let mid = render(sample(), Some(50));
        assert!(!mid.contains("Secret") && mid.contains("11:41"), "{mid}");
        let narrow = render(sample(), Some(42));
        assert!(!narrow.contains("11:41") && narrow.contains("billing-sync-with-a-long-name"), "{narrow}");
        let tiny = render(sample(), Some(25));
        assert!(tiny.contains("billing-syn…"), "{tiny}");
        for (text, width) in [(mid, 50), (narrow, 42), (tiny, 25)] {
            assert!(text.lines().all(|l| l.width() <= width), "{text}");
        }
    }

    #[test]
    fn a_table_that_cannot_fit_becomes_records() {
        let mut table = sample();
        table.elastic = None;
        table.steps.clear();
        let text = render(table, Some(30));
        assert!(text.starts_with(" Name     billing-sync-with-a-long-name\n Created  2026-12-03 11:41\n"), "{text}");
        assert!(text.contains("\n\n Name     x\n"), "{text}");
    }

    #[test]
    fn values_wrap_between_themselves() {
        let lines = vec![vec!["scopes:".to_owned(), "read".to_owned(), "write".to_owned(), "admin".to_owned()]];
        let wrapped = wrap(&lines, 13, true);
        let text: Vec<String> = wrapped.iter().map(|l| l.join(" ")).collect();
        assert_eq!(text, ["scopes: read", "  write admin"]);
    }
}
