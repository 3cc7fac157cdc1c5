import QtQuick

// The line numbers beside the YAML, with errors (red) and warnings (amber) marked. Only the lines
// in view are drawn, as one text, so a 40,000-line file costs no more than a short one.
Rectangle {
    id: root

    property int lineCount: 0
    property real lineHeight: 16
    property real topPadding: 0
    property real viewTop: 0        // the scrolled-to y, in the text's coordinates
    property real viewHeight: 400
    property var errors: []

    readonly property var marked: {
        const m = {}
        for (const e of errors)
            m[e.line] = m[e.line] === true || e.error
        return m
    }
    readonly property int first: Math.max(0, Math.floor((viewTop - topPadding) / lineHeight) - 2)
    readonly property int last: Math.min(lineCount, first + Math.ceil(viewHeight / lineHeight) + 4)

    width: 44
    color: Theme.panelAlt

    Text {
        x: 0
        y: root.topPadding + root.first * root.lineHeight
        width: root.width - 8
        horizontalAlignment: Text.AlignRight
        textFormat: Text.StyledText
        lineHeightMode: Text.FixedHeight
        lineHeight: root.lineHeight
        font.family: Theme.monoFont
        font.pixelSize: Theme.smallFontSize
        color: Theme.textMuted
        text: {
            const lines = []
            for (let i = root.first + 1; i <= root.last; ++i) {
                const m = root.marked[i]
                lines.push(m === undefined ? String(i)
                           : "<b><font color='" + (m ? Theme.error : Theme.warning) + "'>" + i + "</font></b>")
            }
            return lines.join("<br>")
        }
    }
}
