import QtQuick

// A panel's title line.
Text {
    leftPadding: 10
    topPadding: 6
    bottomPadding: 4
    color: Theme.textMuted
    font.pixelSize: Theme.smallFontSize
    font.bold: true
    font.letterSpacing: 0.8
}
