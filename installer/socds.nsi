; Windows installer for Sổ CĐS: per-user (no admin rights), Vietnamese, shortcuts, an uninstaller that keeps
; the user's data unless asked. Compile (Windows CI or Debian's makensis):
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\build\dist\socds /DOUTFILE=..\build\dist\SoCDS-0.1.0-setup.exe installer\socds.nsi
; `make installer-check` compiles it against a stand-in payload. Silent install: SoCDS-...-setup.exe /S
Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\build\dist\socds"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\build\dist\SoCDS-${VERSION}-setup.exe"
!endif
!define APP_NAME "Sổ CĐS"
!define APP_ID "SoCDS"
!define APP_EXE "SoCDS.exe"
!define PUBLISHER "Sổ CĐS"
!define ICON "..\resources\icons\socds.ico"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1066 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1066 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1066 "FileDescription" "Cài đặt ${APP_NAME} — tự đánh giá và báo cáo chuyển đổi số"
VIAddVersionKey /LANG=1066 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1066 "LegalCopyright" "MIT License"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "Chương trình sẽ được gỡ bỏ. Dữ liệu của trường (tệp dữ liệu, minh chứng, bản sao lưu, báo cáo đã ký) được giữ lại, trừ khi bạn đánh dấu ô bên dưới."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Section "${APP_NAME}" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program folder wholesale; user data lives elsewhere (%LOCALAPPDATA%\SoCDS).
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*.*"
  File "/oname=socds.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\socds.ico"
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\socds.ico"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\socds.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "un.Chương trình ${APP_NAME}" SecUnApp
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: a folder the user chose may hold other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\SoCDS.exe"
  Delete "$INSTDIR\socds-cli.exe"
  Delete "$INSTDIR\socds.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

; Unticked by default: the school's data stays unless the user asks for it to go.
Section /o "un.Xoá cả dữ liệu của tôi (%LOCALAPPDATA%\SoCDS)" SecUnData
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${APP_ID}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnApp} "Gỡ chương trình, lối tắt và mục trong Cài đặt > Ứng dụng."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnData} "Xoá vĩnh viễn tệp dữ liệu, minh chứng, bản sao lưu và báo cáo trong %LOCALAPPDATA%\SoCDS. Không thể hoàn tác."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
