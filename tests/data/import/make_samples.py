#!/usr/bin/env python3
"""Writes the workbooks of tests/data/import/ (run from anywhere; python3 only).

They are IMITATIONS, written from hand-made XML: Excel and WPS cannot run on
the build machine. Each mimics what that program writes, as far as the import
reads it:
  excel-saved.xlsx   Excel 2016+: shared strings (count/uniqueCount), styles,
                     styled empty cells inside merged ranges, a title and a
                     two-row header in merged ranges, a unit merged down three
                     rows, formulas with their stored results (序号 = ROW()-3,
                     已落实 = E7, the 合计 row's SUMs), <calcPr calcId="191029"/>.
  wps-saved.xlsx     WPS 表格: shared strings in rich runs (<si><r><rPr/><t>),
                     formula results as <c t="str"><f/><v>X1</v></c>, inline
                     strings (<c t="inlineStr"><is><t>), docProps/custom.xml
                     with KSOProductBuildVer, <calcPr calcId="144525"/>.
  formula-no-value.xlsx  openpyxl's way: a formula cell with no <v> at all.
  merged-overlap.xlsx    a damaged file: two merged ranges that overlap (B2:C3, C3:D4).
The projects are those of ShapedSheet's clean sheet (tests/e2e/xlsx_import_test.cc).
"""
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def content_types(extra=''):
    return HEAD + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        + extra + '</Types>')


ROOT_RELS = HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')

BOOK_RELS = HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>')

STYLES = HEAD + (
    '<styleSheet ' + NS + '><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d;@"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>'
    '<xf numFmtId="176" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>')

CORE = HEAD + (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>办公室</dc:creator>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-06-01T01:00:00Z</dcterms:created></cp:coreProperties>')


def app(name):
    return HEAD + ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                   '<Application>' + name + '</Application></Properties>')


class Strings:
    """A shared-strings table; `rich` splits a text into runs as WPS does."""

    def __init__(self, rich=False):
        self.items, self.index, self.rich, self.count = [], {}, rich, 0

    def __call__(self, text):
        self.count += 1
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]

    def xml(self):
        out = []
        for t in self.items:
            if self.rich and len(t) >= 4:
                half = len(t) // 2
                out.append('<si><r><rPr><sz val="11"/><rFont val="宋体"/><charset val="134"/></rPr><t>'
                           + escape(t[:half]) + '</t></r><r><rPr><sz val="11"/><rFont val="宋体"/>'
                           '<charset val="134"/></rPr><t>' + escape(t[half:]) + '</t></r></si>')
            else:
                out.append('<si><t>' + escape(t) + '</t><phoneticPr fontId="1" type="noConversion"/></si>')
        return HEAD + ('<sst ' + NS.split(' ')[0] + ' count="%d" uniqueCount="%d">' % (self.count, len(self.items))
                       + ''.join(out) + '</sst>')


def workbook(calc):
    return HEAD + ('<workbook ' + NS + '><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>'
                   '<workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" '
                   'windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="Sheet1" sheetId="1" '
                   'r:id="rId1"/></sheets>' + calc + '</workbook>')


def sheet(dimension, rows, merges, cols=''):
    merge = ''
    if merges:
        merge = '<mergeCells count="%d">' % len(merges) + ''.join(
            '<mergeCell ref="%s"/>' % m for m in merges) + '</mergeCells>'
    return HEAD + ('<worksheet ' + NS + '><dimension ref="' + dimension + '"/><sheetViews><sheetView tabSelected="1" '
                   'workbookViewId="0"><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>'
                   '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="14.25"/>' + cols + '<sheetData>'
                   + ''.join(rows) + '</sheetData>' + merge +
                   '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                   '<pageSetup paperSize="9" orientation="landscape"/></worksheet>')


def row(r, cells, spans='1:9'):
    return '<row r="%d" spans="%s">' % (r, spans) + ''.join(cells) + '</row>'


def write(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for part, text in parts:
            info = zipfile.ZipInfo(part, date_time=(2026, 6, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode('utf-8'))


def excel():
    s = Strings()

    def t(ref, text, style=2):
        return '<c r="%s" s="%d" t="s"><v>%d</v></c>' % (ref, style, s(text))

    def n(ref, v, style=2):
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, style, v)

    def f(ref, formula, v, style=2):
        return '<c r="%s" s="%d"><f>%s</f><v>%s</v></c>' % (ref, style, escape(formula), v)

    def blank(ref, style=2):
        return '<c r="%s" s="%d"/>' % (ref, style)

    rows = [
        row(1, [t('A1', '2026年重点项目推进情况表', 1)] + [blank(c + '1', 1) for c in 'BCDEFGHI']),
        row(2, [t('A2', '序号', 1), t('B2', '项目编号', 1), t('C2', '项目名称', 1), t('D2', '责任单位', 1),
                t('E2', '用地情况（亩）', 1), blank('F2', 1), t('G2', '阶段', 1), t('H2', '阶段日期', 1),
                t('I2', '备注', 1)]),
        row(3, [blank('A3', 1), blank('B3', 1), blank('C3', 1), blank('D3', 1), t('E3', '需求', 1),
                t('F3', '已落实', 1), blank('G3', 1), blank('H3', 1), blank('I3', 1)]),
        row(4, [f('A4', 'ROW()-3', 1), t('B4', 'X1'), t('C4', '甲项目'), t('D4', '游埠镇'), n('E4', '47.5'),
                n('F4', '20'), t('G4', '预审'), n('H4', '46082', 3), blank('I4')]),
        row(5, [f('A5', 'ROW()-3', 2), t('B5', 'X2'), t('C5', '乙项目'), blank('D5'), n('E5', '10'),
                blank('F5'), t('G5', '签约'), t('H5', '2026/3/1'), t('I5', '待供地')]),
        row(6, [f('A6', 'ROW()-3', 3), t('B6', 'X3'), t('C6', '丙项目'), blank('D6'), blank('E6'),
                blank('F6'), blank('G6'), blank('H6'), blank('I6')]),
        row(7, [f('A7', 'ROW()-3', 4), t('B7', 'X4'), t('C7', '丁项目'), t('D7', '女埠街道'), n('E7', '8'),
                f('F7', 'E7', 8), t('G7', '进场'), t('H7', '2026-05-01'), blank('I7')]),
        row(8, [t('A8', '合计'), blank('B8'), blank('C8'), blank('D8'), f('E8', 'SUM(E4:E7)', '65.5'),
                f('F8', 'SUM(F4:F7)', 28), blank('G8'), blank('H8'), blank('I8')]),
    ]
    merges = ['A1:I1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:F2', 'G2:G3', 'H2:H3', 'I2:I3', 'D4:D6', 'A8:C8']
    cols = '<cols><col min="1" max="1" width="6" customWidth="1"/><col min="3" max="3" width="24" customWidth="1"/></cols>'
    write('excel-saved.xlsx', [
        ('[Content_Types].xml', content_types()),
        ('_rels/.rels', ROOT_RELS),
        ('docProps/app.xml', app('Microsoft Excel')),
        ('docProps/core.xml', CORE),
        ('xl/workbook.xml', workbook('<calcPr calcId="191029"/>')),
        ('xl/_rels/workbook.xml.rels', BOOK_RELS),
        ('xl/styles.xml', STYLES),
        ('xl/worksheets/sheet1.xml', sheet('A1:I8', rows, merges, cols)),
        ('xl/sharedStrings.xml', s.xml()),
    ])


def wps():
    s = Strings(rich=True)

    def t(ref, text, style=2):
        return '<c r="%s" s="%d" t="s"><v>%d</v></c>' % (ref, style, s(text))

    def inline(ref, text):
        return '<c r="%s" s="2" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))

    def n(ref, v, style=2):
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, style, v)

    def fs(ref, formula, v):
        return '<c r="%s" s="2" t="str"><f>%s</f><v>%s</v></c>' % (ref, escape(formula), escape(v))

    header = ['序号', '项目编号', '项目名称', '责任单位', '用地面积（亩）', '已落实用地指标（亩）', '阶段', '阶段日期', '联系人']
    rows = [row(1, [t('%s1' % c, h, 1) for c, h in zip('ABCDEFGHI', header)])]
    rows.append(row(2, [n('A2', 1), fs('B2', '"X"&A2', 'X1'), inline('C2', '甲项目'), t('D2', '游埠镇'),
                        n('E2', '47.5'), n('F2', '20'), t('G2', '预审'), n('H2', '46082', 3), t('I2', '王主任')]))
    rows.append(row(3, [n('A3', 2), fs('B3', '"X"&A3', 'X2'), inline('C3', '乙项目'), t('D3', '游埠镇'),
                        n('E3', '10'), t('G3', '签约'), t('H3', '2026/3/1')]))
    rows.append(row(4, [n('A4', 3), t('B4', 'X3'), t('C4', '丙项目'), t('D4', '游埠镇')]))
    rows.append(row(5, [n('A5', 4), t('B5', 'X4'), t('C5', '丁项目'), t('D5', '女埠街道'), n('E5', '8'),
                        '<c r="F5" s="2"><f>E5</f><v>8</v></c>', t('G5', '进场'), fs('H5', 'TEXT(DATE(2026,5,1),"yyyy-mm-dd")', '2026-05-01')]))
    custom = HEAD + ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                     'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                     '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
                     '<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>')
    write('wps-saved.xlsx', [
        ('[Content_Types].xml', content_types(
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>')),
        ('_rels/.rels', ROOT_RELS),
        ('docProps/app.xml', app('WPS 表格')),
        ('docProps/core.xml', CORE),
        ('docProps/custom.xml', custom),
        ('xl/workbook.xml', workbook('<calcPr calcId="144525"/>')),
        ('xl/_rels/workbook.xml.rels', BOOK_RELS),
        ('xl/styles.xml', STYLES),
        ('xl/worksheets/sheet1.xml', sheet('A1:I5', rows, [])),
        ('xl/sharedStrings.xml', s.xml()),
    ])


def no_value():
    s = Strings()

    def t(ref, text):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, s(text))

    header = ['项目编号', '项目名称', '责任单位', '用地面积（亩）', '已落实用地指标（亩）']
    rows = [row(1, [t('%s1' % c, h) for c, h in zip('ABCDE', header)], '1:5'),
            row(2, [t('A2', 'X1'), t('B2', '甲项目'), t('C2', '游埠镇'), '<c r="D2"><v>47.5</v></c>'], '1:5'),
            row(3, [t('A3', 'X2'), t('B3', '乙项目'), t('C3', '游埠镇'), '<c r="D3"><v>10</v></c>',
                    '<c r="E3"><f>D3*0.5</f></c>'], '1:5')]
    write('formula-no-value.xlsx', [
        ('[Content_Types].xml', content_types()),
        ('_rels/.rels', ROOT_RELS),
        ('docProps/app.xml', app('openpyxl')),
        ('docProps/core.xml', CORE),
        ('xl/workbook.xml', workbook('')),
        ('xl/_rels/workbook.xml.rels', BOOK_RELS),
        ('xl/styles.xml', STYLES),
        ('xl/worksheets/sheet1.xml', sheet('A1:E3', rows, [])),
        ('xl/sharedStrings.xml', s.xml()),
    ])


def overlap():
    s = Strings()

    def t(ref, text):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, s(text))

    rows = [row(1, [t('A1', '项目编号'), t('B1', '项目名称'), t('C1', '责任单位')], '1:4'),
            row(2, [t('A2', 'X1'), t('B2', '甲项目')], '1:4'),
            row(3, [t('A3', 'X2'), t('C3', '游埠镇')], '1:4')]
    write('merged-overlap.xlsx', [
        ('[Content_Types].xml', content_types()),
        ('_rels/.rels', ROOT_RELS),
        ('docProps/app.xml', app('damaged')),
        ('docProps/core.xml', CORE),
        ('xl/workbook.xml', workbook('')),
        ('xl/_rels/workbook.xml.rels', BOOK_RELS),
        ('xl/styles.xml', STYLES),
        ('xl/worksheets/sheet1.xml', sheet('A1:D4', rows, ['B2:C3', 'C3:D4'])),
        ('xl/sharedStrings.xml', s.xml()),
    ])


if __name__ == '__main__':
    excel()
    wps()
    no_value()
    overlap()
