import QtQuick
import QtQuick.Layouts

// A panel's title line; long titles (an object's id) wrap, anywhere when they must.
Text {
    Layout.fillWidth: true
    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
    rightPadding: 10
    leftPadding: 10
    topPadding: 6
    bottomPadding: 4
    color: Theme.textMuted
    font.pixelSize: Theme.smallFontSize
    font.bold: true
    font.letterSpacing: 0.8
}
