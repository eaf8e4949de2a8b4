"""Run by tests/reports/test_typesetting.py with a Python that has LibreOffice's `uno`
module (Debian's python3-uno; the project's virtualenv has none): open a workbook in
LibreOffice and print, as JSON in points, each row's height as written and the height
LibreOffice's "optimal row height" gives it, the column widths as LibreOffice reads them,
and the page style (paper, margins, header and footer).

    python3 libreoffice_rows.py WORKBOOK PROFILE_DIR
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

POINTS = 72 / 2540  # LibreOffice's lengths are in 1/100 mm


def main(path, profile):
    pipe = f"opplan_rows_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        context = None
        for _ in range(240):
            with contextlib.suppress(Exception):
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            time.sleep(0.25)
        if context is None:
            raise SystemExit("LibreOffice did not answer")
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        hidden = PropertyValue(Name="Hidden", Value=True)
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0, (hidden,)
        )
        sheet = document.Sheets.getByIndex(0)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row = cursor.RangeAddress.EndRow + 1
        last_column = cursor.RangeAddress.EndColumn + 1
        rows, columns = sheet.getRows(), sheet.getColumns()
        written = [rows.getByIndex(i).Height * POINTS for i in range(last_row)]
        widths = [columns.getByIndex(i).Width * POINTS for i in range(last_column)]
        rows.OptimalHeight = True
        optimal = [rows.getByIndex(i).Height * POINTS for i in range(last_row)]
        style = document.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        page = {
            "width": style.Width * POINTS,
            "height": style.Height * POINTS,
            "left": style.LeftMargin * POINTS,
            "right": style.RightMargin * POINTS,
            "top": style.TopMargin * POINTS,
            "bottom": style.BottomMargin * POINTS,
            "header": style.HeaderHeight * POINTS if style.HeaderIsOn else 0,
            "footer": style.FooterHeight * POINTS if style.FooterIsOn else 0,
        }
        document.close(True)
        print(json.dumps({"written": written, "optimal": optimal, "columns": widths, "page": page}))
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            office.wait(timeout=60)
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
