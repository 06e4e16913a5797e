import { Table, type TableProps, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One column of a table: its header and what each row shows in it. */
export interface DataColumn<Row> {
  /** An action column has none. */
  header?: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Amounts and durations line up on the right, header included. */
  align?: 'right';
  /** Dates and phone numbers stay on one line. */
  nowrap?: boolean;
  /** The row's name, in bold. */
  strong?: boolean;
}

export interface DataTableProps<Row> extends Omit<TableProps, 'children' | 'data'> {
  /** `false` or `undefined` leaves a column out (one that only some viewers get). */
  columns: readonly (DataColumn<Row> | false | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Narrower than this, the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** Shown instead of the table once the rows have loaded (`loaded`) and there are none. */
  emptyText?: string;
  loaded?: boolean;
}

/** The app's tables (striped, rows lit under the pointer): a header row, a row per item, and what to say when there are none. */
export function DataTable<Row>({ columns, rows, rowKey, minWidth, emptyText, loaded = false, striped = true, highlightOnHover = true, ...table }: DataTableProps<Row>) {
  if (emptyText !== undefined && loaded && rows.length === 0) {
    return (
      <Text p="md" c="dimmed">
        {emptyText}
      </Text>
    );
  }
  const shown = columns.filter((column): column is DataColumn<Row> => column !== false && column !== undefined);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped={striped} highlightOnHover={highlightOnHover} {...table}>
        <Table.Thead>
          <Table.Tr>
            {shown.map((column, i) => (
              <Table.Th key={i} ta={column.align}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {shown.map((column, i) => (
                <Table.Td key={i} ta={column.align} fw={column.strong ? 600 : undefined} style={column.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
